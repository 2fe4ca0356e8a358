package org.xiangtu.io.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * JSON as web maps write it (issue 18, item 5): a bare array of Features, an ECharts map file whose lines
 * and rings are encoded strings, a boundary file whose members say it comes from a web map (then probably
 * GCJ-02), and the gcj02 option's spellings. The ECharts fixture was encoded by a separate script from
 * known vertices (quantised to 1/1024 degree: 106.0 → 108544, 29.8 → 30515), so a decoder that is wrong in
 * the zig-zag, the offsets or the scale gives other positions.
 */
class WebMapJsonTest {
    @TempDir
    Path tmp;

    @Test
    void a_bare_array_of_features_is_read_and_the_report_says_so() {
        ParsedUpload up = read("feature_array_adcode.json", UploadOptions.defaults());
        assertThat(up.features()).hasSize(2);
        assertThat(up.features().get(0).properties()).containsEntry("name", "合成点一");
        assertThat(up.features().get(1).geometry().getCoordinate()).isEqualTo(new Coordinate(106.06, 29.86));
        assertThat(up.report().warnings()).anyMatch(w -> w.contains("JSON array of Features"));
    }

    @Test
    void an_echarts_map_file_is_decoded_to_its_vertices() {
        ParsedUpload up = read("echarts_encoded.json", new UploadOptions(true, null, null, null, null));
        assertThat(up.features()).hasSize(3);
        Geometry village = up.features().get(0).geometry();
        // read as GCJ-02 and converted: compare before the conversion with the option off
        ParsedUpload raw = read("echarts_encoded.json", UploadOptions.defaults());
        Coordinate[] ring = raw.features().get(0).geometry().getCoordinates();
        assertThat(ring).extracting(c -> List.of(c.x, c.y)).containsExactly(
                List.of(108544 / 1024.0, 30515 / 1024.0), List.of(108646 / 1024.0, 30515 / 1024.0),
                List.of(108646 / 1024.0, 30618 / 1024.0), List.of(108544 / 1024.0, 30515 / 1024.0));
        assertThat(raw.features().get(1).geometry().getNumGeometries()).isEqualTo(2);
        assertThat(raw.features().get(1).geometry().getGeometryN(1).getCoordinates()[1])
                .isEqualTo(new Coordinate(108800 / 1024.0, 30515 / 1024.0));
        assertThat(raw.features().get(2).geometry().getCoordinates()).extracting(c -> List.of(c.x, c.y))
                .containsExactly(List.of(108595 / 1024.0, 30413 / 1024.0), List.of(108605 / 1024.0, 30423 / 1024.0),
                        List.of(108585 / 1024.0, 30433 / 1024.0));
        assertThat(raw.report().warnings()).anyMatch(w -> w.contains("GCJ-02") && w.contains("ECharts"));
        assertThat(up.report().warnings()).noneMatch(w -> w.contains("probably GCJ-02"));
        assertThat(village.getCoordinate().x).isNotEqualTo(ring[0].x); // converted from GCJ-02
    }

    @Test
    void web_map_members_warn_of_gcj02_unless_the_option_is_given() {
        assertThat(read("feature_array_adcode.json", UploadOptions.defaults()).report().warnings())
                .anyMatch(w -> w.contains("probably GCJ-02") && w.contains("adcode") && w.contains("gcj02=true"));
        assertThat(read("feature_array_adcode.json", new UploadOptions(true, null, null, null, null)).report()
                .warnings()).noneMatch(w -> w.contains("probably GCJ-02"));
        assertThat(UploadReaderTest.fixture("villages.geojson")).exists();
        assertThat(read("villages.geojson", UploadOptions.defaults()).report().warnings())
                .noneMatch(w -> w.contains("GCJ-02"));
    }

    @Test
    void broken_encodings_are_400_naming_the_file() throws IOException {
        String[] bad = {
            // odd number of characters
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
                    + "{\"type\":\"LineString\",\"coordinates\":\"@@A\",\"encodeOffsets\":[108544,30515]}}]}",
            // offsets that do not match the rings
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
                    + "{\"type\":\"Polygon\",\"coordinates\":[\"@@\",\"@@\"],\"encodeOffsets\":[[1,2]]}}]}",
            // a string without offsets
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
                    + "{\"type\":\"LineString\",\"coordinates\":\"@@@@\"}}]}",
        };
        for (String json : bad) {
            Path f = tmp.resolve("bad.json");
            Files.writeString(f, json, StandardCharsets.UTF_8);
            UploadException e = catchThrowableOfType(UploadException.class,
                    () -> UploadReader.read("bad.json", f, UploadOptions.defaults(), UploadLimits.defaults()));
            assertThat(e).as(json).isNotNull();
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.field()).isEqualTo("file");
        }
    }

    @Test
    void the_gcj02_option_takes_the_usual_spellings_and_refuses_others() {
        for (String yes : List.of("true", "1", "on", "yes", "YES", " True ")) {
            assertThat(UploadOptions.flag(yes, "gcj02")).as(yes).isTrue();
        }
        for (String no : List.of("false", "0", "off", "no", "", "OFF")) {
            assertThat(UploadOptions.flag(no, "gcj02")).as(no).isFalse();
        }
        assertThat(UploadOptions.flag(null, "gcj02")).isFalse();
        assertThatThrownBy(() -> UploadOptions.flag("maybe", "gcj02")).isInstanceOfSatisfying(UploadException.class,
                e -> assertThat(e.field()).isEqualTo("gcj02"));
    }

    @Test
    void zig_zag_decoding() {
        assertThat(List.of(0L, 1L, 2L, 3L, 4L).stream().map(EChartsCoordinates::unzigzag).toList())
                .containsExactly(0L, -1L, 1L, -2L, 2L);
    }

    private static ParsedUpload read(String fixture, UploadOptions options) {
        return UploadReader.read(fixture, UploadReaderTest.fixture(fixture), options, UploadLimits.defaults());
    }
}
