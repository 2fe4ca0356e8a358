package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.xiangtu.io.LayerFiles;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.ogc.FeatureJson;

/**
 * The {@link FeatureStore} contract, run on every store (GeoPackage and PostGIS). Each store is
 * loaded with the same features — the edge-case fixtures in {@code src/test/resources/fixtures/}
 * and the sample county in {@code data/} — and must answer every query exactly as the oracle does:
 * the features read from the files, filtered in Java (JTS {@code intersects} for a bbox) and sorted
 * by id in code point order. So both stores give the same features, in the same order, with the same
 * geometry (bit for bit) and the same property values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FeatureStoreContract {
    /** Code point order (not Java's UTF-16 {@code compareTo}): the order the contract promises. */
    public static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    protected Catalog fixtures;
    protected Map<String, List<Feature>> fixtureData;
    protected Catalog county;
    protected Map<String, List<Feature>> countyData;
    protected FeatureStore store;
    protected FeatureStore countyStore;

    /** A store of this kind holding exactly {@code layers} (every layer of {@code catalog}). */
    protected abstract FeatureStore open(String name, Catalog catalog, DataSource data, Map<String, List<Feature>> layers)
            throws Exception;

    /** Called after both stores are closed. */
    protected void cleanUp() throws Exception {
    }

    @BeforeAll
    void openStores() throws Exception {
        DataSource fixtureFiles = DataSource.folder(Path.of("src/test/resources/fixtures"));
        fixtures = CatalogLoader.read(fixtureFiles);
        fixtureData = LayerFiles.readAll(fixtures, fixtureFiles);
        DataSource countyFiles = DataSource.folder(Path.of("data"));
        county = CatalogLoader.read(countyFiles);
        countyData = LayerFiles.readAll(county, countyFiles);
        store = open("fixtures", fixtures, fixtureFiles, fixtureData);
        countyStore = open("county", county, countyFiles, countyData);
    }

    @AfterAll
    void closeStores() throws Exception {
        if (store != null) {
            store.close();
        }
        if (countyStore != null) {
            countyStore.close();
        }
        cleanUp();
    }

    // ---- the oracle ----

    private static List<String> fieldNames(Catalog catalog, String layer) {
        return catalog.layer(layer).orElseThrow().fields().stream().map(FieldDef::name).toList();
    }

    private static List<Feature> expected(List<Feature> all, Envelope bbox, Map<String, Object> filters) {
        Geometry box = bbox == null ? null : Crs.LONLAT.toGeometry(bbox);
        return all.stream()
                .filter(f -> box == null || (f.geometry() != null && f.geometry().intersects(box)))
                .filter(f -> filters.entrySet().stream().allMatch(e -> Objects.equals(f.properties().get(e.getKey()),
                        e.getValue())))
                .sorted(Comparator.comparing(Feature::id, CODE_POINT_ORDER))
                .toList();
    }

    private static void assertSameFeatures(List<Feature> actual, List<Feature> expected, List<String> properties) {
        assertThat(actual).extracting(Feature::id).containsExactlyElementsOf(expected.stream().map(Feature::id).toList());
        for (int i = 0; i < actual.size(); i++) {
            assertSameFeature(actual.get(i), expected.get(i), properties);
        }
    }

    private static void assertSameFeature(Feature actual, Feature expected, List<String> properties) {
        String id = expected.id();
        if (expected.geometry() == null) {
            assertThat(actual.geometry()).as(id).isNull();
        } else {
            assertThat(actual.geometry()).as(id).isNotNull();
            assertThat(actual.geometry().getGeometryType()).as(id).isEqualTo(expected.geometry().getGeometryType());
            assertThat(actual.geometry().equalsExact(expected.geometry())).as(id + ": " + actual.geometry() + " vs "
                    + expected.geometry()).isTrue();
            assertThat(actual.geometry().getSRID()).as(id).isEqualTo(Crs.CGCS2000);
        }
        Map<String, Object> want = new LinkedHashMap<>();
        properties.stream().filter(p -> !"updated_at".equals(p)).forEach(p -> want.put(p, expected.properties().get(p)));
        want.put("updated_at", expected.properties().get("updated_at"));
        assertThat(new ArrayList<>(actual.properties().keySet())).as(id).containsExactlyElementsOf(want.keySet());
        assertThat(actual.properties()).as(id).isEqualTo(want);
        actual.properties().values().forEach(v -> assertThat(v == null || v instanceof String || v instanceof Long
                || v instanceof Double || v instanceof Boolean).as(id + ": " + v).isTrue());
    }

    /**
     * The items page of {@link FeatureStore#geoJsonFeatures} read back as features: the page is
     * written as the OGC answer writes it ({@link FeatureJson#writeCollection}) and parsed again,
     * so its doubles must survive the text, and its property values keep their JSON types.
     */
    private static FeaturePage parsed(GeoJsonPage page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonNode root;
        try {
            FeatureJson.writeCollection(out, page, List.of(), Instant.EPOCH);
            root = new ObjectMapper().readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(root.get("numberReturned").asInt()).isEqualTo(page.size());
        assertThat(root.get("features").size()).isEqualTo(page.size());
        List<Feature> features = new ArrayList<>();
        for (JsonNode f : root.get("features")) {
            assertThat(f.get("type").asText()).isEqualTo("Feature");
            String id = f.get("id").textValue();
            Geometry geometry = null;
            if (!f.get("geometry").isNull()) {
                try {
                    geometry = new GeoJsonReader(Crs.LONLAT).read(f.get("geometry").toString());
                } catch (ParseException e) {
                    throw new AssertionError(id + ": " + f.get("geometry"), e);
                }
                geometry.setSRID(Crs.CGCS2000);
            }
            Map<String, Object> props = new LinkedHashMap<>();
            f.get("properties").fields().forEachRemaining(e -> props.put(e.getKey(), value(e.getValue())));
            features.add(new Feature(id, geometry, props));
        }
        return new FeaturePage(features, page.numberMatched());
    }

    /** A property value as the stores hold it: null, Long, Double, Boolean or String. */
    private static Object value(JsonNode v) {
        if (v.isNull()) {
            return null;
        } else if (v.isIntegralNumber()) {
            return v.longValue();
        } else if (v.isFloatingPointNumber()) {
            return v.doubleValue();
        } else if (v.isBoolean()) {
            return v.booleanValue();
        }
        return v.textValue();
    }

    private FeaturePage geoJsonPage(String layer, Envelope bbox, Map<String, Object> filters, int limit, int offset) {
        return parsed(store.geoJsonFeatures(layer,
                new FeatureQuery(bbox, filters, null, fieldNames(fixtures, layer), limit, offset)));
    }

    private FeaturePage page(String layer, Envelope bbox, Map<String, Object> filters, int limit, int offset) {
        return store.features(layer, new FeatureQuery(bbox, filters, null, fieldNames(fixtures, layer), limit, offset));
    }

    private List<String> ids(String layer, Envelope bbox) {
        return page(layer, bbox, Map.of(), 1000, 0).features().stream().map(Feature::id).toList();
    }

    // ---- the contract ----

    @Test
    void every_fixture_feature_comes_back_as_written_in_code_point_order_of_id() {
        for (LayerDef layer : fixtures.layers()) {
            List<String> props = fieldNames(fixtures, layer.id());
            FeaturePage all = page(layer.id(), null, Map.of(), 1000, 0);
            List<Feature> want = expected(fixtureData.get(layer.id()), null, Map.of());
            assertThat(all.numberMatched()).as(layer.id()).isEqualTo(want.size());
            assertSameFeatures(all.features(), want, props);
        }
    }

    @Test
    void items_pages_carry_every_fixture_feature_with_the_same_doubles_once_parsed() {
        for (LayerDef layer : fixtures.layers()) {
            List<String> props = fieldNames(fixtures, layer.id());
            FeaturePage all = geoJsonPage(layer.id(), null, Map.of(), 1000, 0);
            List<Feature> want = expected(fixtureData.get(layer.id()), null, Map.of());
            assertThat(all.numberMatched()).as(layer.id()).isEqualTo(want.size());
            assertSameFeatures(all.features(), want, props);
        }
        Geometry precise = geoJsonPage("parcels", null, Map.of(), 1000, 0).features().stream()
                .filter(f -> f.id().equals("p-precise")).findFirst().orElseThrow().geometry();
        assertThat(precise.getCoordinates()[0].x).isEqualTo(106.123456789012345);
        assertThat(precise.getCoordinates()[1].y).isEqualTo(29.1000000000001);
    }

    @Test
    void items_pages_of_the_sample_county_carry_its_files_features() {
        for (LayerDef layer : county.layers()) {
            List<String> props = fieldNames(county, layer.id());
            FeaturePage all = parsed(countyStore.geoJsonFeatures(layer.id(), FeatureQuery.all(props, 100_000)));
            assertThat(all.numberMatched()).as(layer.id()).isEqualTo(countyData.get(layer.id()).size());
            assertSameFeatures(all.features(), expected(countyData.get(layer.id()), null, Map.of()), props);
        }
    }

    @Test
    void every_layer_of_the_sample_county_comes_back_as_its_file() {
        for (LayerDef layer : county.layers()) {
            List<String> props = fieldNames(county, layer.id());
            FeaturePage all = countyStore.features(layer.id(), FeatureQuery.all(props, 100_000));
            assertThat(all.numberMatched()).as(layer.id()).isEqualTo(countyData.get(layer.id()).size());
            assertSameFeatures(all.features(), expected(countyData.get(layer.id()), null, Map.of()), props);
        }
    }

    @Test
    void ids_sort_by_code_point_not_by_utf16_or_number() {
        List<String> ids = ids("parcels", null);
        assertThat(ids).isSortedAccordingTo(CODE_POINT_ORDER);
        assertThat(ids.indexOf("p-\uff01")).isLessThan(ids.indexOf("p-\uD840\uDC00")); // U+FF01 < U+20000
        assertThat(ids.indexOf("P-upper")).isLessThan(ids.indexOf("p-10"));
        assertThat(ids.indexOf("p-10")).isLessThan(ids.indexOf("p-9"));
    }

    @Test
    void an_empty_layer_has_no_features_no_extent_and_no_dates() {
        assertThat(page("empty_layer", null, Map.of(), 10, 0)).satisfies(p -> {
            assertThat(p.features()).isEmpty();
            assertThat(p.numberMatched()).isZero();
        });
        CollectionInfo info = store.collection("empty_layer").orElseThrow();
        assertThat(info.count()).isZero();
        assertThat(info.extent()).isNull();
        assertThat(info.firstUpdate()).isNull();
        assertThat(info.lastUpdate()).isNull();
        assertThat(page("empty_layer", new Envelope(-180, 180, -90, 90), Map.of(), 10, 0).numberMatched()).isZero();
    }

    @Test
    void a_null_geometry_comes_back_null_and_never_matches_a_bbox() {
        assertThat(store.feature("parcels", "p-null", List.of("name")).orElseThrow().geometry()).isNull();
        assertThat(store.feature("sites", "s-null", List.of()).orElseThrow().geometry()).isNull();
        assertThat(ids("parcels", new Envelope(-180, 180, -90, 90))).doesNotContain("p-null").contains("p-holes");
        assertThat(ids("sites", new Envelope(-180, 180, -90, 90))).containsExactly("s-2", "s-edge");
    }

    @Test
    void a_bbox_inside_a_hole_of_a_multipolygon_does_not_match_it() {
        assertThat(ids("parcels", new Envelope(106.015, 106.025, 29.815, 29.825))).isEmpty();
        assertThat(ids("parcels", new Envelope(106.058, 106.062, 29.808, 29.812))).isEmpty(); // hole of the 2nd part
        assertThat(ids("parcels", new Envelope(106.005, 106.015, 29.805, 29.815))).containsExactly("p-holes");
    }

    @Test
    void a_bbox_touching_only_an_edge_or_a_corner_matches() {
        // west edge of the box on the parcel's east edge (x = 106.04)
        assertThat(ids("parcels", new Envelope(106.04, 106.045, 29.81, 29.82))).containsExactly("p-holes");
        // only a corner in common (106.04, 29.84)
        assertThat(ids("parcels", new Envelope(106.04, 106.045, 29.84, 29.845))).containsExactly("p-holes");
        // the box's edge on the edge of the hole: the ring is part of the polygon
        assertThat(ids("parcels", new Envelope(106.015, 106.025, 29.815, 29.83))).containsExactly("p-holes");
        // a point on the box's corner
        assertThat(ids("sites", new Envelope(106.4, 106.5, 29.4, 29.5))).containsExactly("s-edge");
        // just off by a little
        assertThat(ids("sites", new Envelope(106.4, 106.4999999, 29.4, 29.5))).isEmpty();
    }

    @Test
    void a_feature_on_the_district_border_is_in_the_boxes_on_both_sides() {
        // the border is x = 106.1: p-border straddles it, p-west ends on it
        assertThat(ids("parcels", new Envelope(106.05, 106.1, 29.84, 29.91))).containsExactly("p-border", "p-west");
        assertThat(ids("parcels", new Envelope(106.1, 106.15, 29.84, 29.91))).containsExactly("p-border", "p-west");
        assertThat(ids("parcels", new Envelope(106.1000001, 106.15, 29.84, 29.91))).containsExactly("p-border");
    }

    @Test
    void random_boxes_match_exactly_the_features_jts_says_intersect() {
        Random random = new Random(4);
        List<String> layers = List.of("parcels", "sites", "mixed");
        for (int n = 0; n < 200; n++) {
            String layer = layers.get(n % layers.size());
            double x = 105.95 + random.nextDouble() * 0.9;
            double y = 29.45 + random.nextDouble() * 0.5;
            Envelope box = new Envelope(x, x + random.nextDouble() * 0.2, y, y + random.nextDouble() * 0.2);
            List<Feature> want = expected(fixtureData.get(layer), box, Map.of());
            FeaturePage got = page(layer, box, Map.of(), 1000, 0);
            assertThat(got.features()).extracting(Feature::id).as(layer + " " + box)
                    .containsExactlyElementsOf(want.stream().map(Feature::id).toList());
            assertThat(got.numberMatched()).isEqualTo(want.size());
        }
        List<Feature> villages = countyData.get("villages");
        Envelope all = new Envelope();
        villages.forEach(f -> all.expandToInclude(f.geometry().getEnvelopeInternal()));
        for (int n = 0; n < 100; n++) {
            double x = all.getMinX() + random.nextDouble() * all.getWidth();
            double y = all.getMinY() + random.nextDouble() * all.getHeight();
            Envelope box = new Envelope(x, x + random.nextDouble() * 0.05, y, y + random.nextDouble() * 0.05);
            FeaturePage got = countyStore.features("villages", new FeatureQuery(box, Map.of(), null, List.of("name"), 100, 0));
            assertSameFeatures(got.features(), expected(villages, box, Map.of()), List.of("name"));
        }
    }

    @Test
    void chinese_and_quoted_text_comes_back_unchanged_and_can_be_filtered_on() {
        String name = "O'Brien \"岩湾村\" 'x'";
        assertThat(store.feature("parcels", "p-quoted", List.of("name", "code")).orElseThrow().properties())
                .containsEntry("name", name).containsEntry("code", "C'1");
        assertThat(page("parcels", null, Map.of("name", name), 10, 0).features()).extracting(Feature::id)
                .containsExactly("p-quoted");
        assertThat(store.feature("parcels", "p-escapes", List.of("name", "code")).orElseThrow().properties())
                .containsEntry("name", "back\\slash\ttab\nnewline\r\\N").containsEntry("code", "\\N");
        assertThat(store.feature("notes", "n-1", List.of("note")).orElseThrow().properties().get("note"))
                .isEqualTo("村民说：\"水管已通\"，O'Neil 签字");
        assertThat(store.feature("parcels", "p-\uD840\uDC00", List.of("name")).orElseThrow().properties())
                .containsEntry("name", "\uD840\uDC00");
    }

    @Test
    void filters_on_each_field_type_keep_equal_values_only() {
        List<Map<String, Object>> filters = List.of(
                Map.of("code", "B1"),
                Map.of("households", 9007199254740993L),
                Map.of("area_mu", 0.30000000000000004),
                Map.of("is_farmland", true),
                Map.of("is_farmland", false),
                Map.of("surveyed", "2000-02-29"),
                Map.of("is_farmland", true, "households", 1L));
        for (Map<String, Object> filter : filters) {
            List<Feature> want = expected(fixtureData.get("parcels"), null, filter);
            assertThat(want).as(filter.toString()).isNotEmpty();
            FeaturePage got = page("parcels", null, filter, 100, 0);
            assertSameFeatures(got.features(), want, fieldNames(fixtures, "parcels"));
            assertThat(got.numberMatched()).isEqualTo(want.size());
        }
        assertThat(page("notes", null, Map.of("parcel_id", "p-holes", "done", false), 10, 0).features())
                .extracting(Feature::id).containsExactly("n-3");
        assertThat(page("sites", null, Map.of("opened", "2022-01-15"), 10, 0).features())
                .extracting(Feature::id).containsExactly("s-2");
        assertThat(page("parcels", null, Map.of("code", "nothing like it"), 10, 0).numberMatched()).isZero();
    }

    @Test
    void values_keep_their_type_and_full_precision() {
        Map<String, Object> p = store.feature("parcels", "p-quoted", fieldNames(fixtures, "parcels")).orElseThrow()
                .properties();
        assertThat(p).containsEntry("households", 9007199254740993L).containsEntry("area_mu", 0.30000000000000004)
                .containsEntry("is_farmland", null).containsEntry("surveyed", "2021-12-31")
                .containsEntry("updated_at", "2021-03-04T05:06:07Z");
        Map<String, Object> s = store.feature("sites", "s-edge", fieldNames(fixtures, "sites")).orElseThrow().properties();
        assertThat(s).containsEntry("big", -9223372036854775807L).containsEntry("ratio", 1e300)
                .containsEntry("open", true).containsEntry("opened", "1999-12-31");
        assertThat(store.feature("parcels", "p-border", List.of()).orElseThrow().properties())
                .containsExactly(Map.entry("updated_at", "2021-01-31T16:00:00Z"));
        Geometry precise = store.feature("parcels", "p-precise", List.of()).orElseThrow().geometry();
        assertThat(precise.getCoordinates()[0].x).isEqualTo(106.123456789012345);
        assertThat(precise.getCoordinates()[1].y).isEqualTo(29.1000000000001);
    }

    @Test
    void properties_are_the_ones_asked_for_in_that_order_with_updated_at_last() {
        Feature f = store.features("parcels", new FeatureQuery(null, Map.of(), null, List.of("surveyed", "name"), 1, 0))
                .features().get(0);
        assertThat(new ArrayList<>(f.properties().keySet())).containsExactly("surveyed", "name", "updated_at");
        assertThat(store.feature("sites", "s-2", List.of()).orElseThrow().properties()).containsOnlyKeys("updated_at");
    }

    @Test
    void paging_with_limit_and_offset_returns_every_feature_once_with_the_total() {
        List<String> want = expected(fixtureData.get("parcels"), null, Map.of()).stream().map(Feature::id).toList();
        List<String> seen = new ArrayList<>();
        for (int offset = 0; offset < want.size(); offset += 3) {
            FeaturePage p = page("parcels", null, Map.of(), 3, offset);
            assertThat(p.numberMatched()).isEqualTo(want.size());
            p.features().forEach(f -> seen.add(f.id()));
        }
        assertThat(seen).containsExactlyElementsOf(want);
        FeaturePage past = page("parcels", null, Map.of(), 5, want.size() + 10);
        assertThat(past.features()).isEmpty();
        assertThat(past.numberMatched()).isEqualTo(want.size());
        FeaturePage boxed = page("parcels", new Envelope(106.0, 106.5, 29.8, 29.95), Map.of(), 2, 1);
        List<Feature> boxedWant = expected(fixtureData.get("parcels"), new Envelope(106.0, 106.5, 29.8, 29.95), Map.of());
        assertThat(boxed.numberMatched()).isEqualTo(boxedWant.size());
        assertSameFeatures(boxed.features(), boxedWant.subList(1, 3), fieldNames(fixtures, "parcels"));
    }

    @Test
    void items_pages_page_like_features_and_know_the_total_whether_full_short_or_past_the_end() {
        List<Feature> want = expected(fixtureData.get("parcels"), null, Map.of());
        int n = want.size();
        for (int limit : new int[] {1, 3, n - 1, n, n + 1}) {
            for (int offset : new int[] {0, 1, n - 1, n, n + 5}) {
                FeaturePage p = geoJsonPage("parcels", null, Map.of(), limit, offset);
                String what = "limit " + limit + ", offset " + offset;
                assertThat(p.numberMatched()).as(what).isEqualTo(n);
                assertSameFeatures(p.features(), want.subList(Math.min(offset, n), Math.min(offset + limit, n)),
                        fieldNames(fixtures, "parcels"));
                assertThat(page("parcels", null, Map.of(), limit, offset).numberMatched()).as(what).isEqualTo(n);
            }
        }
        Envelope box = new Envelope(106.0, 106.5, 29.8, 29.95);
        List<Feature> boxedWant = expected(fixtureData.get("parcels"), box, Map.of());
        FeaturePage boxed = geoJsonPage("parcels", box, Map.of(), 2, 1);
        assertThat(boxed.numberMatched()).isEqualTo(boxedWant.size());
        assertSameFeatures(boxed.features(), boxedWant.subList(1, 3), fieldNames(fixtures, "parcels"));
        assertThat(geoJsonPage("sites", null, Map.of(), 1000, 0).features()).extracting(Feature::id)
                .containsExactlyElementsOf(expected(fixtureData.get("sites"), null, Map.of()).stream().map(Feature::id)
                        .toList());
    }

    @Test
    void an_updated_interval_keeps_features_updated_inside_it_ends_included() {
        Instant from = Instant.parse("2021-03-02T00:00:00Z");
        Instant to = Instant.parse("2021-03-04T05:06:07Z");
        FeaturePage p = store.features("notes", new FeatureQuery(null, Map.of(), new TimeInterval(from, to),
                List.of(), 10, 0));
        assertThat(p.features()).extracting(Feature::id).containsExactly("n-1", "n-2");
        assertThat(store.features("notes", new FeatureQuery(null, Map.of(), new TimeInterval(null, from), List.of(), 10, 0))
                .features()).extracting(Feature::id).containsExactly("n-2");
        assertThat(store.features("notes", new FeatureQuery(null, Map.of(), new TimeInterval(to, null), List.of(), 10, 0))
                .features()).extracting(Feature::id).containsExactly("n-1", "n-3");
    }

    @Test
    void summaries_give_the_count_first_and_last_update_and_the_exact_extent() {
        List<CollectionInfo> infos = store.collections();
        assertThat(infos).extracting(CollectionInfo::id).containsExactlyElementsOf(fixtures.layerIds());
        for (CollectionInfo info : infos) {
            List<Feature> data = fixtureData.get(info.id());
            assertThat(info.count()).as(info.id()).isEqualTo(data.size());
            Envelope extent = new Envelope();
            data.stream().filter(f -> f.geometry() != null).forEach(f -> extent.expandToInclude(f.geometry().getEnvelopeInternal()));
            if (extent.isNull()) {
                assertThat(info.extent()).as(info.id()).isNull();
            } else {
                assertThat(info.extent()).as(info.id()).isEqualTo(extent);
            }
            List<Instant> times = data.stream().map(f -> Instant.parse((String) f.properties().get("updated_at"))).sorted().toList();
            assertThat(info.firstUpdate()).as(info.id()).isEqualTo(times.isEmpty() ? null : times.get(0));
            assertThat(info.lastUpdate()).as(info.id()).isEqualTo(times.isEmpty() ? null : times.get(times.size() - 1));
            assertThat(store.collection(info.id())).contains(info);
        }
    }

    @Test
    void absent_things_are_empty_and_unknown_names_are_refused() {
        assertThat(store.feature("parcels", "no-such-parcel", List.of())).isEmpty();
        assertThat(store.feature("parcels", "p-holes'; DROP TABLE parcels; --", List.of())).isEmpty();
        assertThat(store.collection("no_such_layer")).isEmpty();
        assertThatThrownBy(() -> store.features("no_such_layer", FeatureQuery.all(List.of(), 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> page("parcels", null, Map.of("colour", "red"), 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.feature("parcels", "p-holes", List.of("colour")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ids("parcels", null)).contains("p-holes");
    }

    @Test
    void a_bbox_on_a_layer_without_geometry_matches_nothing() {
        FeaturePage p = page("notes", new Envelope(-180, 180, -90, 90), Map.of(), 10, 0);
        assertThat(p.features()).isEmpty();
        assertThat(p.numberMatched()).isZero();
        assertThat(store.collection("notes").orElseThrow().extent()).isNull();
    }

    @Test
    void mixed_geometry_types_come_back_with_their_own_type() {
        assertThat(page("mixed", null, Map.of(), 10, 0).features())
                .extracting(f -> f.geometry().getGeometryType())
                .containsExactly("LineString", "MultiPoint", "Point", "Polygon");
    }

    @Test
    void the_store_answers_a_ping_and_names_itself() {
        store.ping();
        assertThat(store.kind()).isIn("geopackage", "postgis");
        assertThat(store.location()).isNotBlank().doesNotContain("password");
    }
}
