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
                    new FieldDef("kind", FieldType.STRING, T, null, Visibility.PUBLIC, List.of("village", "community"))));
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
}
