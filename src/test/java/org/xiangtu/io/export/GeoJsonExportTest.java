package org.xiangtu.io.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.GeometryKind;

class GeoJsonExportTest {
    private static final JsonMapper JSON = new JsonMapper();

    private static JsonNode export(ExportLayer layer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Exporter.write(layer, ExportFormat.GEOJSON, out);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void a_layer_round_trips_as_an_rfc7946_feature_collection() throws IOException {
        ExportLayer layer = ExportFixtures.points();
        JsonNode fc = export(layer);

        assertThat(fc.path("type").asText()).isEqualTo("FeatureCollection");
        assertThat(fc.has("crs")).isFalse();
        JsonNode features = fc.path("features");
        assertThat(features).hasSize(layer.features().size());
        JsonNode first = features.get(0);
        assertThat(first.path("type").asText()).isEqualTo("Feature");
        assertThat(first.path("id").asText()).isEqualTo("v-001");
        assertThat(first.path("geometry").path("type").asText()).isEqualTo("Point");
        assertThat(first.path("geometry").path("coordinates").get(0).asDouble()).isEqualTo(106.0512345);
        assertThat(first.path("geometry").path("coordinates").get(1).asDouble()).isEqualTo(29.8523456);
        JsonNode p = first.path("properties");
        assertThat(p.path("name").asText()).isEqualTo(ExportFixtures.CHINESE_NAME);
        assertThat(p.path("population").isIntegralNumber()).isTrue();
        assertThat(p.path("population").asLong()).isEqualTo(1234L);
        assertThat(p.path("area_ha").asDouble()).isEqualTo(56.75);
        assertThat(p.path("flagship").isBoolean()).isTrue();
        assertThat(p.path("opened").asText()).isEqualTo("2021-03-15");
    }

    @Test
    void properties_are_exactly_the_fields_in_field_order() throws IOException {
        ExportLayer layer = ExportFixtures.points();
        List<String> expected = layer.fields().stream().map(ExportField::name).toList();
        for (JsonNode f : export(layer).path("features")) {
            List<String> names = new ArrayList<>();
            f.path("properties").fieldNames().forEachRemaining(names::add);
            // "updated_at" is in the feature's properties but not a field: left out
            assertThat(names).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void missing_geometry_and_values_are_null() throws IOException {
        JsonNode third = export(ExportFixtures.points()).path("features").get(2);
        assertThat(third.path("geometry").isNull()).isTrue();
        assertThat(third.path("properties").path("population").isNull()).isTrue();
        assertThat(third.path("properties").path("name").asText()).isEqualTo("无坐标");
    }

    @Test
    void polygon_holes_and_text_are_written_unchanged() throws IOException {
        JsonNode towns = export(ExportFixtures.polygons()).path("features");
        JsonNode mp = towns.get(0).path("geometry");
        assertThat(mp.path("type").asText()).isEqualTo("MultiPolygon");
        assertThat(mp.path("coordinates").get(0)).as("shell and hole").hasSize(2);
        // "coordinates as-is": a plain polygon stays a polygon in GeoJSON
        assertThat(towns.get(1).path("geometry").path("type").asText()).isEqualTo("Polygon");
        assertThat(towns.get(1).path("properties").path("name").asText()).isEqualTo("绿水镇");
    }

    @Test
    void an_empty_layer_is_an_empty_feature_collection() throws IOException {
        JsonNode fc = export(ExportFixtures.empty(GeometryKind.MULTIPOLYGON));
        assertThat(fc.path("type").asText()).isEqualTo("FeatureCollection");
        assertThat(fc.path("features").isArray()).isTrue();
        assertThat(fc.path("features")).isEmpty();
    }

    @Test
    void the_stream_is_left_open_for_the_caller() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        Exporter.write(ExportFixtures.points(), ExportFormat.GEOJSON, out);
        assertThat(closed[0]).isFalse();
        assertThat(out.size()).isPositive();
    }
}
