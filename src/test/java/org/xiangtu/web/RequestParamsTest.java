package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Envelope;
import org.xiangtu.store.InvalidQueryException;
import org.xiangtu.store.TimeInterval;

class RequestParamsTest {

    @Test
    void bbox_with_four_numbers_is_lon_lat_order() {
        assertThat(RequestParams.parseBbox("105.9,29.7,106.1,29.9")).isEqualTo(new Envelope(105.9, 106.1, 29.7, 29.9));
    }

    @Test
    void bbox_with_six_numbers_ignores_heights() {
        assertThat(RequestParams.parseBbox("105.9,29.7,0,106.1,29.9,100")).isEqualTo(new Envelope(105.9, 106.1, 29.7, 29.9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,2,3", "1,2,3,4,5", "a,2,3,4", "1,,3,4", "3,2,1,4", "1,4,3,2", "-181,0,0,1", "0,-91,1,1",
        "0,0,181,1", "0,0,1,91", "NaN,0,1,1", "Infinity,0,1,1"})
    void malformed_bbox_is_rejected_naming_bbox(String raw) {
        assertThatThrownBy(() -> RequestParams.parseBbox(raw))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.parameter()).isEqualTo("bbox"));
    }

    @Test
    void limit_defaults_and_is_lowered_to_the_maximum() {
        assertThat(RequestParams.parseLimit(null, 100, 10_000)).isEqualTo(100);
        assertThat(RequestParams.parseLimit("20000", 100, 10_000)).isEqualTo(10_000);
        assertThat(RequestParams.parseLimit("7", 100, 10_000)).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1.5", ""})
    void bad_limit_is_rejected(String raw) {
        assertThatThrownBy(() -> RequestParams.parseLimit(raw, 100, 10_000))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.parameter()).isEqualTo("limit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "x", "99999999999"})
    void bad_offset_is_rejected(String raw) {
        assertThatThrownBy(() -> RequestParams.parseOffset(raw))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.parameter()).isEqualTo("offset"));
    }

    @Test
    void datetime_forms() {
        assertThat(RequestParams.parseDatetime("2020-12-31T00:00:00Z"))
                .isEqualTo(new TimeInterval(Instant.parse("2020-12-31T00:00:00Z"), Instant.parse("2020-12-31T00:00:00Z")));
        assertThat(RequestParams.parseDatetime("2020-12-31"))
                .isEqualTo(new TimeInterval(Instant.parse("2020-12-31T00:00:00Z"), Instant.parse("2020-12-31T23:59:59Z")));
        assertThat(RequestParams.parseDatetime("../2020-01-01T00:00:00+08:00"))
                .isEqualTo(new TimeInterval(null, Instant.parse("2019-12-31T16:00:00Z")));
        assertThat(RequestParams.parseDatetime("2020-01-01/..").end()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "../..", "2021-01-01/2020-01-01", "a/b/c"})
    void bad_datetime_is_rejected(String raw) {
        assertThatThrownBy(() -> RequestParams.parseDatetime(raw))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.parameter()).isEqualTo("datetime"));
    }
}
