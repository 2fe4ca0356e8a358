package org.xiangtu.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.memory.MemoryWorkStore;

/** The field app's rules (whose households, a valid visit, the feed, the audit entry) on the in-memory store. */
class FieldVisitsTest {
    private static final String CADRE = "gb50015100300101";
    private static final String HOUSEHOLD = "5001510030010001";
    private static final Instant NOW = Instant.parse("2020-10-20T02:00:00Z");
    private final MemoryWorkStore store = new MemoryWorkStore().withDemoHouseholds();
    private final ChangeFeed feed = new ChangeFeed();
    private final List<ChangeFeed.Change> published = new ArrayList<>();
    private final FieldVisits visits = visits();

    private FieldVisits visits() {
        feed.listen(published::add);
        return new FieldVisits(CatalogLoader.read(DataSource.folder(Path.of("data"))), store.field(), feed,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static FieldVisits.Request request(String id, String at) {
        return new FieldVisits.Request(id, HOUSEHOLD, "festival", at, "中秋看望", null, null);
    }

    @Test
    void a_cadre_sees_their_households_and_no_other() {
        assertThat(visits.households(CADRE)).extracting(h -> h.code()).containsExactly(HOUSEHOLD, "5001510030010002");
        assertThat(visits.household(CADRE, HOUSEHOLD).cadre()).isEqualTo(CADRE);
        assertThatThrownBy(() -> visits.household("gb50015100320101", HOUSEHOLD)).isInstanceOf(FieldVisits.NotYours.class);
        assertThatThrownBy(() -> visits.household(CADRE, "nope")).isInstanceOf(FieldVisits.NotYours.class);
    }

    @Test
    void a_visit_is_stored_audited_and_announced_with_public_figures_only_once() {
        String id = UUID.randomUUID().toString();
        FieldVisits.Result r = visits.add(CADRE, "192.0.2.7", request(id, "2020-10-01T00:30+08:00"));
        assertThat(r.created()).isTrue();
        assertThat(r.visit().at()).isEqualTo("2020-10-01T00:30:00+08:00");
        assertThat(r.visit().villageCode()).isEqualTo("500151003001");
        assertThat(r.visit().lon()).isEqualTo(visits.household(CADRE, HOUSEHOLD).lon());
        assertThat(published).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("visit");
            assertThat(c.layers()).containsExactly("visits", "home_visits");
            assertThat(c.audience()).isEqualTo(Role.PUBLIC);
            assertThat(c.data()).containsOnlyKeys("village_code", "month", "visits")
                    .containsEntry("month", "2020-10-01").containsEntry("visits", 3L);
        });
        AuditEntry e = store.page("visit-add", CADRE, 100, 0).get(0);
        assertThat(e.target()).isEqualTo(id);
        assertThat(e.address()).isEqualTo("192.0.2.7");

        FieldVisits.Result again = visits.add(CADRE, "192.0.2.7", request(id, "2020-10-02T00:30+08:00"));
        assertThat(again.created()).isFalse();
        assertThat(again.visit()).isEqualTo(r.visit());
        assertThat(published).hasSize(1);
        assertThatThrownBy(() -> visits.add("gb50015100320101", "192.0.2.8", new FieldVisits.Request(id,
                "5001510032010001", "monthly", "2020-10-02T00:30+08:00", null, null, null)))
                .isInstanceOf(FieldVisits.NotYours.class);
    }

    @Test
    void a_visit_a_day_ahead_is_taken_and_more_is_not() {
        assertThat(visits.add(CADRE, null, request(UUID.randomUUID().toString(), "2020-10-21T09:59:00+08:00"))
                .created()).isTrue();
        assertThatThrownBy(() -> visits.add(CADRE, null, request(UUID.randomUUID().toString(),
                "2020-10-21T10:01:00+08:00"))).isInstanceOf(FieldVisits.InvalidVisit.class)
                .satisfies(e -> assertThat(((FieldVisits.InvalidVisit) e).field()).isEqualTo("at"));
    }
}
