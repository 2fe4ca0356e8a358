package org.xiangtu.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.I18n;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.store.DataException;
import org.xiangtu.store.Feature;

class GeoJsonLayerReaderTest {
    private static final I18n T = new I18n("名", "Name");
    private static final LayerDef VILLAGES = new LayerDef("villages", T, null, "admin", GeometryKind.MULTIPOLYGON,
            "villages.geojson", true, 1, null, "name", null, null, List.of(
                    new FieldDef("name", FieldType.STRING, T, null, Visibility.PUBLIC, null),
                    new FieldDef("households", FieldType.INTEGER, T, null, Visibility.PUBLIC, null),
                    new FieldDef("kind", FieldType.STRING, T, null, Visibility.PUBLIC, List.of("village", "community")),
                    new FieldDef("surveyed", FieldType.DATE, T, null, Visibility.PUBLIC, null)));
    private static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[106,29.8],[106.1,29.8],[106.1,29.9],[106,29.9],[106,29.8]]]}";

    private static List<Feature> read(String features) {
        String json = "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}";
        return GeoJsonLayerReader.read(VILLAGES, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "v.geojson");
    }

    private static String feature(String id, String geometry, String props) {
        return "{\"type\":\"Feature\",\"id\":" + id + ",\"geometry\":" + geometry + ",\"properties\":{" + props + "}}";
    }

    @Test
    void polygon_is_promoted_to_multipolygon_and_values_are_typed() {
        List<Feature> f = read(feature("\"v1\"", SQUARE,
                "\"name\":\"岩湾村\",\"households\":120,\"kind\":\"village\",\"updated_at\":\"2020-12-31T08:00:00+08:00\""));
        assertThat(f).hasSize(1);
        assertThat(f.get(0).geometry().getGeometryType()).isEqualTo("MultiPolygon");
        assertThat(f.get(0).properties()).containsEntry("name", "岩湾村").containsEntry("households", 120L)
                .containsEntry("updated_at", "2020-12-31T00:00:00Z");
    }

    @Test
    void missing_fields_are_null() {
        Feature f = read(feature("\"v1\"", "null", "\"updated_at\":\"2020-12-31T00:00:00Z\"")).get(0);
        assertThat(f.geometry()).isNull();
        assertThat(f.properties()).containsEntry("households", null);
    }

    @Test
    void errors_name_the_file_the_feature_and_the_field() {
        String ok = "\"updated_at\":\"2020-12-31T00:00:00Z\"";
        assertThatThrownBy(() -> read(feature("\"v1\"", SQUARE, "\"households\":\"many\"," + ok)))
                .isInstanceOf(DataException.class).hasMessageContainingAll("v.geojson", "'v1'", "'households'");
        assertThatThrownBy(() -> read(feature("\"v1\"", SQUARE, "\"kind\":\"city\"," + ok)))
                .hasMessageContainingAll("'v1'", "'kind'", "city");
        assertThatThrownBy(() -> read(feature("\"v1\"", SQUARE, "\"colour\":\"red\"," + ok)))
                .hasMessageContainingAll("'v1'", "'colour'");
        assertThatThrownBy(() -> read(feature("\"v1\"", SQUARE, "\"name\":\"x\"")))
                .hasMessageContainingAll("'v1'", "'updated_at'");
        assertThatThrownBy(() -> read(feature("7", SQUARE, ok))).hasMessageContainingAll("#0", "'id'");
        assertThatThrownBy(() -> read(feature("\"v1\"", SQUARE, ok) + "," + feature("\"v1\"", SQUARE, ok)))
                .hasMessageContaining("duplicate id");
    }

    @Test
    void wrong_invalid_or_projected_geometry_is_refused() {
        String ok = "\"updated_at\":\"2020-12-31T00:00:00Z\"";
        assertThatThrownBy(() -> read(feature("\"v1\"", "{\"type\":\"Point\",\"coordinates\":[106,29.8]}", ok)))
                .hasMessageContainingAll("'geometry'", "expected MultiPolygon");
        String bowtie = "{\"type\":\"Polygon\",\"coordinates\":[[[106,29.8],[106.1,29.9],[106.1,29.8],[106,29.9],[106,29.8]]]}";
        assertThatThrownBy(() -> read(feature("\"v1\"", bowtie, ok))).hasMessageContainingAll("'v1'", "invalid geometry");
        String projected = "{\"type\":\"Polygon\",\"coordinates\":[[[601465,3303948],[601565,3303948],[601565,3304048],[601465,3303948]]]}";
        assertThatThrownBy(() -> read(feature("\"v1\"", projected, ok))).hasMessageContaining("lon/lat range");
    }

    private static final String OK = "\"updated_at\":\"2020-12-31T00:00:00Z\"";

    @Test
    void values_postgresql_cannot_store_are_refused_at_reading_naming_file_feature_and_field() {
        // NUL: PostgreSQL text cannot hold U+0000 (JSON writes it \u0000)
        assertThatThrownBy(() -> read(feature("\"v1\"", SQUARE, "\"name\":\"岩\\u0000湾\"," + OK)))
                .isInstanceOf(DataException.class).hasMessageContainingAll("v.geojson", "'v1'", "'name'", "NUL");
        assertThatThrownBy(() -> read(feature("\"v\\u00001\"", SQUARE, OK)))
                .isInstanceOf(DataException.class).hasMessageContainingAll("v.geojson", "'id'", "NUL");
        // dates: PostgreSQL's input takes years 0001-9999 written with four digits
        for (String date : List.of("+10000-01-01", "10000-01-01", "0000-01-01", "-0001-01-01", "2020-02-30")) {
            assertThatThrownBy(() -> read(feature("\"v1\"", SQUARE, "\"surveyed\":\"" + date + "\"," + OK)))
                    .as(date).isInstanceOf(DataException.class)
                    .hasMessageContainingAll("v.geojson", "'v1'", "'surveyed'", date);
        }
        assertThat(read(feature("\"v1\"", SQUARE, "\"surveyed\":\"9999-12-31\"," + OK)).get(0).properties())
                .containsEntry("surveyed", "9999-12-31");
        assertThatThrownBy(() -> read(feature("\"v1\"", SQUARE, "\"updated_at\":\"+10000-01-01T00:00:00Z\"")))
                .isInstanceOf(DataException.class).hasMessageContainingAll("'v1'", "'updated_at'", "9999");
        // integers: 64 bits
        assertThatThrownBy(() -> read(feature("\"v1\"", SQUARE, "\"households\":9223372036854775808," + OK)))
                .isInstanceOf(DataException.class).hasMessageContainingAll("'v1'", "'households'", "9223372036854775808");
        assertThatThrownBy(() -> read(feature("\"v1\"", SQUARE, "\"households\":1e19," + OK)))
                .isInstanceOf(DataException.class).hasMessageContainingAll("'v1'", "'households'");
        assertThat(read(feature("\"v1\"", SQUARE, "\"households\":120.0," + OK)).get(0).properties())
                .containsEntry("households", 120L);
    }

    @Test
    void members_may_come_in_any_order_and_geometry_is_exactly_what_jts_reads() throws Exception {
        String withHole = "{\"coordinates\":[[[[106,29.8],[106.1,29.8],[106.1,29.9],[106,29.9],[106,29.8]],"
                + "[[106.02,29.82],[106.02,29.83],[106.03,29.83],[106.02,29.82]]],"
                + "[[[106.2,29.8],[106.3,29.8],[106.3,29.9],[106.2,29.8]]]],\"type\":\"MultiPolygon\",\"bbox\":[1,2,3,4]}";
        String json = "{\"features\":[{\"properties\":{" + OK + ",\"name\":\"a\"},\"geometry\":" + withHole
                + ",\"id\":\"v2\",\"type\":\"Feature\",\"links\":[{\"x\":1}]}],\"name\":\"x\",\"type\":\"FeatureCollection\"}";
        List<Feature> f = GeoJsonLayerReader.read(VILLAGES,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "v.geojson");
        assertThat(f).hasSize(1);
        assertThat(f.get(0).id()).isEqualTo("v2");
        assertThat(f.get(0).properties()).containsEntry("name", "a").containsEntry("updated_at", "2020-12-31T00:00:00Z");
        var expected = new org.locationtech.jts.io.geojson.GeoJsonReader(org.xiangtu.geo.Crs.LONLAT).read(withHole);
        assertThat(f.get(0).geometry().equalsExact(expected)).as(f.get(0).geometry().toText()).isTrue();
        assertThat(f.get(0).geometry().getSRID()).isEqualTo(4490);
    }

    @Test
    void stream_hands_on_each_feature_before_reading_the_next_and_stops_at_a_bad_one() {
        String json = "{\"type\":\"FeatureCollection\",\"features\":[" + feature("\"v1\"", SQUARE, OK) + ","
                + feature("\"v2\"", "null", OK) + "," + feature("\"v3\"", SQUARE, "\"kind\":\"city\"," + OK) + "]}";
        List<String> seen = new java.util.ArrayList<>();
        assertThatThrownBy(() -> GeoJsonLayerReader.stream(VILLAGES,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "v.geojson", f -> seen.add(f.id())))
                .isInstanceOf(DataException.class).hasMessageContainingAll("'v3'", "'kind'");
        assertThat(seen).containsExactly("v1", "v2");
    }

    @Test
    void malformed_files_and_geometries_are_named() {
        assertThatThrownBy(() -> GeoJsonLayerReader.read(VILLAGES,
                new ByteArrayInputStream("{\"type\":\"FeatureCollection\",\"features\":[{".getBytes(StandardCharsets.UTF_8)),
                "v.geojson")).isInstanceOf(DataException.class).hasMessageContainingAll("v.geojson", "not valid JSON");
        assertThatThrownBy(() -> GeoJsonLayerReader.read(VILLAGES,
                new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_8)), "v.geojson"))
                .hasMessageContainingAll("v.geojson", "FeatureCollection");
        assertThatThrownBy(() -> GeoJsonLayerReader.read(VILLAGES,
                new ByteArrayInputStream("{\"type\":\"FeatureCollection\"}".getBytes(StandardCharsets.UTF_8)), "v.geojson"))
                .hasMessageContaining("'features' must be an array");
        for (String bad : List.of("{\"type\":\"Polygon\",\"coordinates\":[[106,29.8]]}",
                "{\"type\":\"Polygon\",\"coordinates\":[[[106,\"x\"]]]}", "{\"type\":\"Polygon\"}",
                "{\"type\":\"Hexagon\",\"coordinates\":[]}", "\"POLYGON((1 1))\"",
                "{\"type\":\"Polygon\",\"coordinates\":[[[106,29.8],[106.1,29.8],[106.1,29.9],[106,29.8.5]]]}")) {
            assertThatThrownBy(() -> read(feature("\"v1\"", bad, OK))).as(bad).isInstanceOf(DataException.class)
                    .hasMessageContaining("v.geojson");
        }
        assertThatThrownBy(() -> read(feature("\"v1\"", "{\"type\":\"Polygon\",\"coordinates\":[[106,29.8]]}", OK)))
                .hasMessageContainingAll("'v1'", "'geometry'");
    }
}
