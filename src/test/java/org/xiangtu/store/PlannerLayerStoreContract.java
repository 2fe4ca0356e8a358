package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.PlannerLayerStore.Field;
import org.xiangtu.store.PlannerLayerStore.Layer;
import org.xiangtu.store.PlannerLayerStore.NewFeature;
import org.xiangtu.store.PlannerLayerStore.NewLayer;

/**
 * The {@link PlannerLayerStore} contract, run on every backend: a layer is created from a feature
 * stream together with its audit entry; its features answer a query as a catalogue layer's do (bbox by
 * exact geometry intersection, counted alike; limit and offset over import order); publishing and
 * deleting are audited; concurrent publishes and deletes of one layer leave a state that agrees with
 * the audit log; a write that fails in the middle (the stream throws, the audit entry is refused)
 * leaves nothing of itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PlannerLayerStoreContract {
    private static final AtomicLong SEQ = new AtomicLong();
    protected static final List<Field> FIELDS = List.of(new Field("name", "名称", FieldType.STRING),
            new Field("n", "数量", FieldType.INTEGER), new Field("v", "面积", FieldType.NUMBER),
            new Field("ok", "合格", FieldType.BOOLEAN));
    /** An L: a bottom arm (y ≤ 29.82) and a left arm (x ≤ 106.02), its envelope 106.00–106.10 × 29.80–29.90. */
    static final String L_SHAPE = "POLYGON ((106.00 29.80, 106.10 29.80, 106.10 29.82, 106.02 29.82, 106.02 29.90, "
            + "106.00 29.90, 106.00 29.80))";
    /** Inside the L's envelope, clear of its arms. */
    static final Envelope BOX = new Envelope(106.05, 106.08, 29.85, 29.88);
    private WorkBackend backend;
    protected PlannerLayerStore layers;
    protected AuditStore audit;

    /** A fresh backend. */
    protected abstract WorkBackend open() throws Exception;

    @BeforeAll
    void openStore() throws Exception {
        backend = open();
        layers = backend.work().plannerLayers();
        audit = backend.work().audit();
    }

    @AfterAll
    void closeStore() {
        if (backend != null) {
            backend.close();
        }
    }

    protected static String newId() {
        return "pl-test-" + SEQ.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    protected static Geometry wkt(String wkt) {
        try {
            return new WKTReader(Crs.LONLAT).read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    protected static NewFeature feature(String wkt, String name, long n) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", name);
        props.put("n", n);
        props.put("v", n + 0.5);
        props.put("ok", n % 2 == 0);
        return new NewFeature(wkt == null ? null : wkt(wkt), props);
    }

    protected static NewLayer newLayer(String id, Instant at) {
        return new NewLayer(id, "测绘 " + id, "guihua", GeometryKind.GEOMETRY, FIELDS, "survey.geojson",
                Map.of("format", "geojson", "repaired", 0), at);
    }

    protected static AuditEntry entry(String action, String target, String actor) {
        return new AuditEntry(0, Instant.now(), actor, "192.0.2.1", action, target, "ok", "{}");
    }

    /** The features of the bbox test, in import order: matches are 2 (inside), 4 (touching) and 5 (crossing). */
    protected static List<NewFeature> bboxFeatures() {
        return List.of(
                feature(L_SHAPE, "L", 1),
                feature("POINT (106.06 29.86)", "inside", 2),
                feature(null, "no geometry", 3),
                feature("POLYGON ((106.08 29.86, 106.09 29.86, 106.09 29.87, 106.08 29.87, 106.08 29.86))", "touching", 4),
                feature("LINESTRING (106.04 29.865, 106.09 29.865)", "crossing", 5),
                feature("POINT (106.2 29.9)", "outside", 6));
    }

    protected Layer create(String id, List<NewFeature> features, String actor) {
        return layers.create(newLayer(id, Instant.now().truncatedTo(ChronoUnit.MILLIS)), features,
                entry("plc-import", id, actor));
    }

    protected static FeatureQuery query(Envelope bbox, int limit, int offset) {
        return new FeatureQuery(bbox, Map.of(), null, FIELDS.stream().map(Field::name).toList(), limit, offset);
    }

    protected static List<String> ids(FeaturePage page) {
        return page.features().stream().map(Feature::id).toList();
    }

    @Test
    void a_layer_is_created_from_a_stream_with_its_features_and_its_audit_entry() {
        String id = newId();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Layer made = layers.create(newLayer(id, at), bboxFeatures(), entry("plc-import", id, "creator"));
        assertThat(made.id()).isEqualTo(id);
        assertThat(made.features()).isEqualTo(6);
        assertThat(made.published()).isFalse();
        assertThat(made.fields()).isEqualTo(FIELDS);
        assertThat(made.geometryKind()).isEqualTo(GeometryKind.GEOMETRY);
        assertThat(made.report()).containsEntry("format", "geojson");
        assertThat(made.extent()).isEqualTo(new Envelope(106.00, 106.2, 29.80, 29.90));
        assertThat(made.createdAt()).isEqualTo(at);
        assertThat(made.updatedAt()).isEqualTo(at);
        assertThat(layers.find(id)).contains(made);
        assertThat(layers.list()).contains(made);
        assertThat(audit.page("plc-import", "creator", 10, 0)).extracting(AuditEntry::target).containsExactly(id);

        FeaturePage all = layers.features(id, query(null, 100, 0));
        assertThat(all.numberMatched()).isEqualTo(6);
        assertThat(ids(all)).containsExactly(id + ".1", id + ".2", id + ".3", id + ".4", id + ".5", id + ".6");
        Feature inside = all.features().get(1);
        assertThat(inside.geometry().toText()).isEqualTo("POINT (106.06 29.86)");
        assertThat(inside.geometry().getSRID()).isEqualTo(Crs.CGCS2000);
        assertThat(inside.properties()).containsExactly(Map.entry("name", "inside"), Map.entry("n", 2L),
                Map.entry("v", 2.5), Map.entry("ok", true));
        assertThat(all.features().get(2).geometry()).isNull();
    }

    @Test
    void bbox_keeps_features_whose_geometry_meets_the_box_not_their_bounding_box() {
        String id = newId();
        create(id, bboxFeatures(), "bbox");
        FeaturePage page = layers.features(id, query(BOX, 100, 0));
        // the L's envelope holds the box, its shape does not: neither returned nor counted
        assertThat(ids(page)).containsExactly(id + ".2", id + ".4", id + ".5");
        assertThat(page.numberMatched()).isEqualTo(3);
        FeaturePage second = layers.features(id, query(BOX, 1, 1));
        assertThat(ids(second)).containsExactly(id + ".4");
        assertThat(second.numberMatched()).isEqualTo(3);
        FeaturePage past = layers.features(id, query(BOX, 10, 3));
        assertThat(past.features()).isEmpty();
        assertThat(past.numberMatched()).isEqualTo(3);
        // a box that meets the L's arm finds it
        FeaturePage arm = layers.features(id, query(new Envelope(106.005, 106.01, 29.85, 29.86), 10, 0));
        assertThat(ids(arm)).containsExactly(id + ".1");
        assertThat(arm.features().get(0).geometry().equalsExact(wkt(L_SHAPE))).isTrue();
    }

    @Test
    void pages_follow_import_order_with_limit_and_offset() {
        String id = newId();
        List<NewFeature> many = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            many.add(feature("POINT (106." + (10 + i) + " 29.8)", "f" + i, i));
        }
        create(id, many, "paging");
        FeaturePage page = layers.features(id, query(null, 5, 8));
        assertThat(ids(page)).containsExactly(id + ".9", id + ".10", id + ".11", id + ".12");
        assertThat(page.numberMatched()).isEqualTo(12);
        assertThat(layers.features(id, query(null, 3, 0)).features()).extracting(f -> f.properties().get("name"))
                .containsExactly("f1", "f2", "f3");
    }

    @Test
    void properties_are_returned_as_asked_and_field_or_time_filters_are_refused() {
        String id = newId();
        create(id, bboxFeatures(), "props");
        FeatureQuery some = new FeatureQuery(null, Map.of(), null, List.of("ok", "name", "updated_at"), 1, 1);
        assertThat(layers.features(id, some).features().get(0).properties()).containsExactly(Map.entry("ok", true),
                Map.entry("name", "inside"));
        assertThatThrownBy(() -> layers.features(id, new FeatureQuery(null, Map.of("name", "L"), null, List.of(), 1, 0)))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> assertThat(e.parameter()).isEqualTo("name"));
        assertThatThrownBy(() -> layers.features(id, new FeatureQuery(null, Map.of(),
                new TimeInterval(Instant.parse("2020-01-01T00:00:00Z"), null), List.of(), 1, 0)))
                .isInstanceOfSatisfying(InvalidQueryException.class,
                        e -> assertThat(e.parameter()).isEqualTo("datetime"));
        assertThatThrownBy(() -> layers.features(id, new FeatureQuery(null, Map.of(), null, List.of("nope"), 1, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void one_feature_is_found_by_its_id_and_nothing_else_is() {
        String id = newId();
        create(id, bboxFeatures(), "one");
        Optional<Feature> four = layers.feature(id, id + ".4");
        assertThat(four).isPresent();
        assertThat(four.get().properties()).containsEntry("name", "touching").containsEntry("n", 4L);
        assertThat(four.get().geometry().getSRID()).isEqualTo(Crs.CGCS2000);
        for (String other : List.of(id + ".0", id + ".7", id + ".x", id + ".-1", id, "villages.1", id + ".04")) {
            assertThat(layers.feature(id, other)).as(other).isEmpty();
        }
        assertThat(layers.feature("pl-no-such-layer", "pl-no-such-layer.1")).isEmpty();
    }

    @Test
    void an_unknown_layer_is_absent_and_not_changed() {
        assertThat(layers.find("pl-no-such-layer")).isEmpty();
        FeaturePage page = layers.features("pl-no-such-layer", query(null, 10, 0));
        assertThat(page.features()).isEmpty();
        assertThat(page.numberMatched()).isZero();
        assertThat(layers.publish("pl-no-such-layer", true, Instant.now(), entry("plc-publish", "pl-no-such-layer",
                "nobody"))).isEmpty();
        assertThat(layers.delete("pl-no-such-layer", entry("plc-delete", "pl-no-such-layer", "nobody"))).isEmpty();
        assertThat(audit.page(null, "nobody", 10, 0)).isEmpty();
    }

    @Test
    void publishing_withdrawing_and_deleting_are_audited() {
        String id = newId();
        create(id, bboxFeatures(), "life");
        Instant later = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(5);
        Layer published = layers.publish(id, true, later, entry("plc-publish", id, "life")).orElseThrow();
        assertThat(published.published()).isTrue();
        assertThat(published.updatedAt()).isEqualTo(later);
        assertThat(layers.find(id).orElseThrow().published()).isTrue();
        assertThat(layers.publish(id, false, later.plusSeconds(1), entry("plc-unpublish", id, "life")).orElseThrow()
                .published()).isFalse();
        Layer gone = layers.delete(id, entry("plc-delete", id, "life")).orElseThrow();
        assertThat(gone.id()).isEqualTo(id);
        assertThat(layers.find(id)).isEmpty();
        assertThat(layers.list()).extracting(Layer::id).doesNotContain(id);
        assertThat(layers.features(id, query(null, 10, 0)).numberMatched()).isZero();
        assertThat(layers.feature(id, id + ".1")).isEmpty();
        assertThat(audit.page(null, "life", 10, 0)).extracting(AuditEntry::action)
                .containsExactly("plc-delete", "plc-unpublish", "plc-publish", "plc-import");
        // deleted means deleted: the id takes a new layer with only its own features
        create(id, List.of(feature("POINT (106 29.8)", "again", 1)), "life");
        assertThat(layers.features(id, query(null, 10, 0)).numberMatched()).isEqualTo(1);
    }

    @Test
    void of_concurrent_deletes_of_one_layer_exactly_one_finds_it() throws Exception {
        String id = newId();
        create(id, bboxFeatures(), "race-delete");
        List<Optional<Layer>> outcomes = Concurrently.run(8, i -> layers.delete(id, entry("plc-delete", id,
                "race-delete")));
        assertThat(outcomes.stream().filter(Optional::isPresent).count()).isEqualTo(1);
        assertThat(layers.find(id)).isEmpty();
        assertThat(audit.page("plc-delete", "race-delete", 100, 0)).hasSize(1);
    }

    @Test
    void concurrent_publishes_and_withdrawals_leave_the_state_of_the_last_audit_entry() throws Exception {
        String id = newId();
        create(id, bboxFeatures(), "race-publish");
        List<Optional<Layer>> outcomes = Concurrently.run(8, i -> layers.publish(id, i % 2 == 0, Instant.now(),
                entry(i % 2 == 0 ? "plc-publish" : "plc-unpublish", id, "race-publish")));
        assertThat(outcomes).allMatch(Optional::isPresent);
        List<AuditEntry> log = audit.page(null, "race-publish", 100, 0);
        assertThat(log).hasSize(9); // eight changes and the import
        boolean last = log.get(0).action().equals("plc-publish");
        assertThat(layers.find(id).orElseThrow().published()).isEqualTo(last);
    }

    @Test
    void a_publish_racing_a_delete_either_comes_first_or_finds_nothing() throws Exception {
        String id = newId();
        create(id, bboxFeatures(), "race-both");
        List<Optional<Layer>> outcomes = Concurrently.run(8, i -> i == 3
                ? layers.delete(id, entry("plc-delete", id, "race-both"))
                : layers.publish(id, true, Instant.now(), entry("plc-publish", id, "race-both")));
        assertThat(outcomes.get(3)).isPresent();
        long published = outcomes.stream().filter(Optional::isPresent).count() - 1;
        List<AuditEntry> log = audit.page(null, "race-both", 100, 0);
        assertThat(log.stream().filter(e -> e.action().equals("plc-publish")).count()).isEqualTo(published);
        assertThat(log.get(0).action()).isEqualTo("plc-delete"); // nothing was written after the delete
        assertThat(layers.find(id)).isEmpty();
        assertThat(layers.features(id, query(null, 10, 0)).numberMatched()).isZero();
    }

    @Test
    void a_stream_that_fails_half_way_leaves_no_layer_features_or_audit_entry() {
        String id = newId();
        int before = layers.list().size();
        Iterable<NewFeature> failing = () -> new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public NewFeature next() {
                if (++n > 2500) { // past a batch or two
                    throw new IllegalStateException("the file ended early");
                }
                return feature("POINT (106.1 29.8)", "f" + n, n);
            }
        };
        assertThatThrownBy(() -> layers.create(newLayer(id, Instant.now()), failing, entry("plc-import", id, "broken")))
                .isInstanceOf(RuntimeException.class);
        assertThat(layers.find(id)).isEmpty();
        assertThat(layers.list()).hasSize(before);
        assertThat(audit.page(null, "broken", 10, 0)).isEmpty();
        // no feature rows were left either: the id takes a new layer with only its own features
        create(id, List.of(feature("POINT (106 29.8)", "only", 1)), "broken-again");
        assertThat(layers.features(id, query(null, 10, 0)).numberMatched()).isEqualTo(1);
    }

    @Test
    void a_refused_audit_entry_undoes_the_whole_write() {
        String id = newId();
        AuditEntry refused = new AuditEntry(0, Instant.now(), "refused", "192.0.2.1", "plc-import", id, null, null);
        assertThatThrownBy(() -> layers.create(newLayer(id, Instant.now()), bboxFeatures(), refused))
                .isInstanceOf(RuntimeException.class);
        assertThat(layers.find(id)).isEmpty();
        create(id, bboxFeatures(), "refused-then");
        AuditEntry refusedPublish = new AuditEntry(0, Instant.now(), "refused", "192.0.2.1", "plc-publish", id, null,
                null);
        assertThatThrownBy(() -> layers.publish(id, true, Instant.now(), refusedPublish))
                .isInstanceOf(RuntimeException.class);
        assertThat(layers.find(id).orElseThrow().published()).isFalse();
        AuditEntry refusedDelete = new AuditEntry(0, Instant.now(), "refused", "192.0.2.1", "plc-delete", id, null,
                null);
        assertThatThrownBy(() -> layers.delete(id, refusedDelete)).isInstanceOf(RuntimeException.class);
        assertThat(layers.find(id)).isPresent();
        assertThat(layers.features(id, query(null, 10, 0)).numberMatched()).isEqualTo(6);
        assertThat(audit.page(null, "refused", 10, 0)).isEmpty();
    }

    @Test
    void a_taken_id_is_refused_and_the_layer_kept() {
        String id = newId();
        create(id, bboxFeatures(), "taken");
        assertThatThrownBy(() -> create(id, List.of(feature("POINT (106 29.8)", "other", 1)), "taken-again"))
                .isInstanceOf(RuntimeException.class);
        assertThat(layers.find(id).orElseThrow().features()).isEqualTo(6);
        assertThat(audit.page(null, "taken-again", 10, 0)).isEmpty();
    }
}
