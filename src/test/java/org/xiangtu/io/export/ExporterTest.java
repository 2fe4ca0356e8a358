package org.xiangtu.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;

class ExporterTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);

    @Test
    void formats_parse_from_their_extension_or_name() {
        for (ExportFormat f : ExportFormat.values()) {
            assertThat(ExportFormat.parse(f.extension())).contains(f);
            assertThat(ExportFormat.parse(" " + f.name() + " ")).contains(f);
        }
        assertThat(ExportFormat.parse("json")).contains(ExportFormat.GEOJSON);
        assertThat(ExportFormat.parse("shp")).contains(ExportFormat.SHAPEFILE);
        assertThat(ExportFormat.parse("kml")).isEmpty();
        assertThat(ExportFormat.parse(null)).isEmpty();
        assertThat(ExportFormat.GEOJSON.contentType()).contains("charset=utf-8");
        assertThat(ExportFormat.CSV.contentType()).contains("charset=utf-8");
    }

    @Test
    void the_download_has_an_ascii_name_and_a_utf8_name_from_the_title() {
        String h = Exporter.contentDisposition(ExportFixtures.points(), ExportFormat.GEOPACKAGE, DAY);
        assertThat(h).startsWith("attachment; filename=\"villages_2026-11-28.gpkg\"; filename*=UTF-8''");
        assertThat(h.chars().allMatch(c -> c > 0x20 && c < 0x7f || c == ' ')).as("header is ASCII").isTrue();
        String encoded = h.substring(h.indexOf("''") + 2);
        assertThat(encoded).doesNotContain("%20").matches("[A-Za-z0-9!#$&+\\-.^_`|~%]+");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo("行政村_2026-11-28.gpkg");
    }

    @Test
    void unsafe_characters_in_the_title_do_not_reach_the_file_name() {
        String h = Exporter.contentDisposition(ExportFixtures.polygons(), ExportFormat.CSV, DAY);
        String decoded = URLDecoder.decode(h.substring(h.indexOf("''") + 2), StandardCharsets.UTF_8);
        assertThat(decoded).isEqualTo("乡镇___towns_2026-11-28.csv");
        ExportLayer untitled = new ExportLayer("roads", null, GeometryKind.MULTILINESTRING, List.of(), List.of());
        assertThat(Exporter.contentDisposition(untitled, ExportFormat.GEOJSON, DAY))
                .isEqualTo("attachment; filename=\"roads_2026-11-28.geojson\"");
    }

    @Test
    void a_value_of_the_wrong_type_is_refused_before_anything_is_written() {
        ExportLayer layer = new ExportLayer("v", null, GeometryKind.NONE,
                List.of(new ExportField("population", FieldType.INTEGER, null)),
                List.of(ExportFixtures.feature("a", null, "population", 3L),
                        ExportFixtures.feature("b", null, "population", "many")));
        for (ExportFormat format : ExportFormat.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> Exporter.write(layer, format, out)).as(format.name())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("feature b").hasMessageContaining("population");
            assertThat(out.size()).as(format.name()).isZero();
        }
    }

    @Test
    void layer_and_field_names_must_be_safe_identifiers() {
        assertThatThrownBy(() -> new ExportLayer("Villages; DROP", null, GeometryKind.POINT, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExportLayer("gpkg_contents", null, GeometryKind.POINT, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExportField("wkt", FieldType.STRING, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> new ExportField("名称; DROP", FieldType.STRING, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExportField("1名称", FieldType.STRING, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ExportField("名称_2", FieldType.STRING, null).name()).isEqualTo("名称_2"); // Chinese stays
        ExportField a = new ExportField("a", FieldType.STRING, null);
        assertThatThrownBy(() -> new ExportLayer("x", null, GeometryKind.POINT, List.of(a, a), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }
}
