package org.xiangtu.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layer catalogue ({@code data/catalog.json}) against its JSON Schema ({@code data/catalog.schema.json}),
 * the schema against broken catalogues, and every data file against the catalogue (docs/catalog.md).
 * {@code data/} is found relative to the working directory (Maven runs tests from the project root).
 */
class CatalogSchemaTest {

    private static final Path DATA = Path.of("data");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

    private static JsonNode schemaNode;
    private static JsonSchema schema;
    private static JsonNode catalogue;

    @BeforeAll
    static void load() throws IOException {
        schemaNode = read(DATA.resolve("catalog.schema.json"));
        schema = FACTORY.getSchema(schemaNode);
        catalogue = read(DATA.resolve("catalog.json"));
    }

    private static JsonNode read(Path file) throws IOException {
        assertThat(file).as("run the tests from the project root").isRegularFile();
        try (var in = org.xiangtu.catalog.DataSource.folder(file.getParent()).open(file.getFileName().toString())) {
            return JSON.readTree(in);
        }
    }

    // ------------------------------------------------------------------ the catalogue and its schema

    @Test
    void schema_is_a_valid_draft_2020_12_schema() {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012));
        assertThat(meta.validate(schemaNode)).isEmpty();
    }

    @Test
    void catalogue_conforms_to_its_schema() {
        assertThat(messages(schema.validate(catalogue))).isEmpty();
    }

    @Test
    void schema_rejects_a_title_without_chinese() {
        assertRejected(c -> ((ObjectNode) layer(c, "villages").get("title")).remove("zh"), "$.layers[2].title");
    }

    @Test
    void schema_rejects_a_blank_english_notice() {
        assertRejected(c -> ((ObjectNode) c.get("notice")).put("en", " "), "$.notice.en");
    }

    @Test
    void schema_rejects_an_unknown_visibility() {
        assertRejected(c -> field(c, "villages", "poor_people").put("visibility", "secret"),
                "$.layers[2].fields[8].visibility");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "fid", "geom", "updated_at"})
    void schema_rejects_a_reserved_field_name(String reserved) {
        assertRejected(c -> field(c, "towns", "pinyin").put("name", reserved), "$.layers[1].fields[2].name");
    }

    @Test
    void schema_rejects_an_unknown_member_on_a_field() {
        assertRejected(c -> field(c, "roads", "grade").put("colour", "red"), "$.layers[8].fields[1]");
    }

    @Test
    void schema_rejects_an_unknown_member_at_the_top() {
        assertRejected(c -> c.put("layer", "villages"), "$");
    }

    @Test
    void schema_rejects_an_unknown_geometry_type() {
        assertRejected(c -> layer(c, "roads").put("geometry", "LineString"), "$.layers[8].geometry");
    }

    @Test
    void schema_rejects_allowed_values_on_a_number_field() {
        assertRejected(c -> field(c, "villages", "households").putArray("enum").add("1"),
                "$.layers[2].fields[5].type");
    }

    @Test
    void schema_requires_a_style_on_a_layer_with_geometry() {
        assertRejected(c -> layer(c, "roads").remove("style"), "$.layers[8]");
    }

    @Test
    void schema_lets_a_layer_without_geometry_go_without_style_but_not_on_a_page() {
        ObjectNode c = catalogue.deepCopy();
        assertThat(layer(c, "project_updates").has("style")).isFalse();
        assertThat(messages(schema.validate(c))).isEmpty();

        ((ObjectNode) layer(c, "project_updates").get("pages")).put("planner", true);
        assertThat(messages(schema.validate(c))).isNotEmpty();
    }

    @Test
    void schema_requires_a_scale_rule_on_a_layer_with_geometry() {
        assertRejected(c -> layer(c, "roads").remove("scale"), "$.layers[8]");
    }

    @Test
    void schema_rejects_an_unknown_thinning_rule() {
        assertRejected(c -> ((ObjectNode) layer(c, "roads").get("scale")).putObject("thin").put("rule", "random"),
                "$.layers[8].scale.thin");
    }

    @Test
    void schema_rejects_a_cluster_rule_without_its_radius() {
        assertRejected(c -> ((ObjectNode) layer(c, "projects").get("scale").get("thin")).remove("radius"),
                "$.layers[9].scale.thin");
    }

    @Test
    void schema_rejects_value_titles_on_a_field_without_allowed_values() {
        assertRejected(c -> field(c, "roads", "name").putObject("valueTitles").putObject("x").put("zh", "x").put("en", "x"),
                "$.layers[8].fields[0]");
    }

    // ------------------------------------------------------------------ what the schema cannot say

    @Test
    void catalogue_references_resolve_and_names_are_unique() {
        Set<String> groups = new HashSet<>();
        catalogue.get("groups").forEach(g -> assertThat(groups.add(g.get("id").asText())).isTrue());
        Set<String> layerIds = new HashSet<>();
        for (JsonNode layer : catalogue.get("layers")) {
            String id = layer.get("id").asText();
            assertThat(layerIds.add(id)).as("layer id %s is unique", id).isTrue();
            assertThat(groups).as("group of %s", id).contains(layer.get("group").asText());
            assertThat(layer.get("file").asText()).isIn(id + ".geojson", id + ".geojson.gz");

            Map<String, JsonNode> fields = fields(layer);
            assertThat(fields).as("field names of %s are unique", id).hasSize(layer.get("fields").size());
            if (layer.has("labelField")) {
                assertThat(fields).as("labelField of %s", id).containsKey(layer.get("labelField").asText());
            }
            if (layer.has("legend")) {
                JsonNode field = fields.get(layer.get("legend").get("field").asText());
                assertThat(field).as("legend field of %s", id).isNotNull();
                List<String> values = new ArrayList<>();
                layer.get("legend").get("classes").forEach(k -> values.add(k.get("value").asText()));
                assertThat(values).as("legend values of %s", id).doesNotHaveDuplicates();
                if (field.has("enum")) {
                    List<String> allowed = new ArrayList<>();
                    field.get("enum").forEach(v -> allowed.add(v.asText()));
                    assertThat(allowed).as("legend of %s covers the field's values", id).containsExactlyInAnyOrderElementsOf(values);
                }
            }
        }
    }

    @Test
    void scale_rules_name_real_fields_and_values_and_give_each_layer_a_zoom_range() {
        for (JsonNode layer : catalogue.get("layers")) {
            String id = layer.get("id").asText();
            if (!layer.has("scale")) {
                assertThat(layer.get("geometry").asText()).as("%s without scale has no geometry", id).isEqualTo("None");
                continue;
            }
            JsonNode scale = layer.get("scale");
            double min = scale.get("minZoom").asDouble();
            if (scale.has("maxZoom")) {
                assertThat(scale.get("maxZoom").asDouble()).as("zoom range of %s", id).isGreaterThan(min);
            }
            JsonNode thin = scale.get("thin");
            if (thin.get("rule").asText().equals("byClass")) {
                JsonNode field = fields(layer).get(thin.get("field").asText());
                assertThat(field).as("thinning field of %s", id).isNotNull();
                List<String> allowed = new ArrayList<>();
                field.path("enum").forEach(v -> allowed.add(v.asText()));
                thin.get("minZoom").fieldNames().forEachRemaining(v ->
                        assertThat(allowed).as("thinning values of %s", id).contains(v));
            }
            if (thin.get("rule").asText().equals("cluster")) {
                assertThat(thin.get("untilZoom").asDouble()).as("clusters of %s end above minZoom", id).isGreaterThan(min);
            }
            if (scale.has("labels")) {
                assertThat(layer.has("labelField")).as("%s labels need a labelField", id).isTrue();
                if (scale.get("labels").has("maxZoom")) {
                    assertThat(scale.get("labels").get("maxZoom").asDouble()).as("label range of %s", id)
                            .isGreaterThan(scale.get("labels").get("minZoom").asDouble());
                }
            }
        }
    }

    @Test
    void every_allowed_value_has_a_display_name_and_every_code_reference_names_a_layer_with_codes() {
        Map<String, JsonNode> layers = new LinkedHashMap<>();
        catalogue.get("layers").forEach(l -> layers.put(l.get("id").asText(), l));
        for (JsonNode layer : catalogue.get("layers")) {
            String id = layer.get("id").asText();
            for (JsonNode field : layer.get("fields")) {
                String where = id + "." + field.get("name").asText();
                if (field.has("enum")) {
                    Set<String> named = new HashSet<>();
                    field.path("valueTitles").fieldNames().forEachRemaining(named::add);
                    if (layer.has("legend") && layer.get("legend").get("field").asText().equals(field.get("name").asText())) {
                        layer.get("legend").get("classes").forEach(k -> named.add(k.get("value").asText()));
                    }
                    List<String> allowed = new ArrayList<>();
                    field.get("enum").forEach(v -> allowed.add(v.asText()));
                    assertThat(named).as("display names of %s (valueTitles or legend classes)", where)
                            .containsAll(allowed);
                    assertThat(allowed).as("value titles of %s name allowed values", where)
                            .containsAll(iterable(field.path("valueTitles").fieldNames()));
                }
                if (field.has("ref")) {
                    JsonNode target = layers.get(field.get("ref").asText());
                    assertThat(target).as("%s refers to a layer", where).isNotNull();
                    assertThat(fields(target)).as("%s refers to a layer with codes", where).containsKey("code");
                    assertThat(target.has("labelField")).as("%s refers to a layer with names", where).isTrue();
                }
            }
        }
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    @Test
    void every_data_file_matches_its_layer() throws IOException {
        for (JsonNode layer : catalogue.get("layers")) {
            String id = layer.get("id").asText();
            String geometry = layer.get("geometry").asText();
            Map<String, JsonNode> fields = fields(layer);
            List<String> expectedKeys = new ArrayList<>(fields.keySet());
            expectedKeys.add("updated_at");

            JsonNode collection = read(DATA.resolve(layer.get("file").asText()));
            assertThat(collection.path("type").asText()).as(id).isEqualTo("FeatureCollection");
            assertThat(collection.get("features").isArray()).as(id).isTrue();
            assertThat(collection.get("features").size()).as("%s has features", id).isPositive();

            Set<String> ids = new HashSet<>();
            for (JsonNode feature : collection.get("features")) {
                JsonNode fid = feature.get("id");
                String where = id + "/" + (fid == null ? "?" : fid.asText());
                assertThat(feature.path("type").asText()).as(where).isEqualTo("Feature");
                assertThat(fid != null && fid.isTextual()).as("%s has a string id", where).isTrue();
                assertThat(ids.add(fid.asText())).as("%s is unique", where).isTrue();

                JsonNode g = feature.get("geometry");
                assertThat(g).as("%s has a geometry member", where).isNotNull();
                switch (geometry) {
                    case "None" -> assertThat(g.isNull()).as("%s geometry is null", where).isTrue();
                    case "Geometry" -> assertThat(g.path("type").asText()).as(where)
                            .isIn("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon");
                    default -> assertThat(g.path("type").asText()).as(where).isEqualTo(geometry);
                }

                JsonNode props = feature.get("properties");
                List<String> keys = new ArrayList<>();
                props.fieldNames().forEachRemaining(keys::add);
                assertThat(keys).as("%s properties", where).containsExactlyInAnyOrderElementsOf(expectedKeys);
                assertThat(props.get("updated_at").asText()).as(where).matches(TIMESTAMP);
                fields.forEach((name, field) -> assertValue(where + "." + name, field, props.get(name)));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertValue(String where, JsonNode field, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        switch (field.get("type").asText()) {
            case "string" -> assertThat(value.isTextual()).as("%s is a string", where).isTrue();
            case "integer" -> assertThat(value.isIntegralNumber()).as("%s is an integer", where).isTrue();
            case "number" -> assertThat(value.isNumber()).as("%s is a number", where).isTrue();
            case "boolean" -> assertThat(value.isBoolean()).as("%s is a boolean", where).isTrue();
            case "date" -> assertThat(value.asText()).as("%s is a date", where).matches(DATE);
            default -> throw new AssertionError("unknown field type at " + where);
        }
        if (field.has("enum")) {
            List<String> allowed = new ArrayList<>();
            field.get("enum").forEach(v -> allowed.add(v.asText()));
            assertThat(value.asText()).as("%s is an allowed value", where).isIn(allowed);
        }
    }

    private static Map<String, JsonNode> fields(JsonNode layer) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        layer.get("fields").forEach(f -> fields.put(f.get("name").asText(), f));
        return fields;
    }

    private static void assertRejected(Consumer<ObjectNode> breakIt, String expectedLocation) {
        ObjectNode broken = catalogue.deepCopy();
        breakIt.accept(broken);
        Set<ValidationMessage> errors = schema.validate(broken);
        assertThat(messages(errors)).as("the broken catalogue is rejected").isNotEmpty();
        assertThat(errors).extracting(m -> m.getInstanceLocation().toString())
                .as("an error points at %s: %s", expectedLocation, messages(errors))
                .contains(expectedLocation);
    }

    private static ObjectNode layer(ObjectNode catalogue, String id) {
        for (JsonNode layer : (ArrayNode) catalogue.get("layers")) {
            if (layer.get("id").asText().equals(id)) {
                return (ObjectNode) layer;
            }
        }
        throw new AssertionError("no layer " + id);
    }

    private static ObjectNode field(ObjectNode catalogue, String layerId, String name) {
        for (JsonNode field : layer(catalogue, layerId).get("fields")) {
            if (field.get("name").asText().equals(name)) {
                return (ObjectNode) field;
            }
        }
        throw new AssertionError("no field " + layerId + "." + name);
    }

    private static List<String> messages(Set<ValidationMessage> errors) {
        return errors.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
    }
}
