package org.xiangtu.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.WKTReader;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.Role;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.PlannerLayerStore;
import org.xiangtu.store.PlannerLayerStore.Layer;
import org.xiangtu.store.memory.MemoryWorkStore;

/** The rules of planner layers (id, audit entries, who hears of what), on the in-memory store. */
class PlannerLayersTest {
    private final MemoryWorkStore store = new MemoryWorkStore();
    private final ChangeFeed feed = new ChangeFeed();
    private final List<ChangeFeed.Change> heard = new ArrayList<>();
    private final PlannerLayers layers = new PlannerLayers(store.plannerLayers(), feed);

    PlannerLayersTest() {
        feed.listen(heard::add);
    }

    /** Two features, one without geometry; one geometry was repaired. */
    static PlannerLayers.Import upload() throws Exception {
        WKTReader wkt = new WKTReader(Crs.LONLAT);
        List<PlannerLayerStore.Field> fields = List.of(new PlannerLayerStore.Field("f1", "村名", FieldType.STRING),
                new PlannerLayerStore.Field("area_mu", "Area (mu)", FieldType.NUMBER));
        List<PlannerLayerStore.NewFeature> features = List.of(
                new PlannerLayerStore.NewFeature(wkt.read("POINT (106.05 29.85)"), Map.of("f1", "石鱼", "area_mu", 12.5)),
                new PlannerLayerStore.NewFeature(null, Map.of("f1", "无图", "area_mu", 3.0)));
        return new PlannerLayers.Import(GeometryKind.POINT, fields, features, 2,
                Map.of("sourceCrs", "EPSG:4490", "repaired", 1), 1, 0);
    }

    @Test
    void an_import_becomes_an_unpublished_layer_with_an_audit_entry_heard_by_signed_in_users_only() throws Exception {
        Layer layer = layers.create(upload(), "村界", "villages.geojson", "guihua", "192.0.2.7");
        assertThat(layer.id()).matches("pl-\\d{8}-[0-9a-f]{8}");
        assertThat(layer.published()).isFalse();
        assertThat(layer.features()).isEqualTo(2);
        assertThat(layer.fields()).extracting(f -> f.name() + "=" + f.title())
                .containsExactly("f1=村名", "area_mu=Area (mu)");
        assertThat(layer.report()).containsEntry("sourceCrs", "EPSG:4490").containsEntry("repaired", 1);
        List<Feature> features = store.plannerLayers().features(layer.id(), FeatureQuery.all(List.of("f1", "area_mu"),
                10)).features();
        assertThat(features.get(0).properties()).containsExactly(Map.entry("f1", "石鱼"), Map.entry("area_mu", 12.5));
        AuditEntry e = store.page("import", null, 10, 0).get(0);
        assertThat(e.target()).isEqualTo(layer.id());
        assertThat(e.actor()).isEqualTo("guihua");
        assertThat(e.detail()).contains("\"features\":2").contains("\"repaired\":1").contains("\"title\":\"村界\"");
        // the public does not hear the id of an unpublished layer
        assertThat(heard).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("layer");
            assertThat(c.audience()).isEqualTo(Role.LEADER);
            assertThat(c.data()).containsEntry("action", "import");
        });
    }

    @Test
    void publishing_is_public_news_and_deleting_is_public_only_for_a_published_layer() throws Exception {
        Layer a = layers.create(upload(), "a", "a.geojson", "guihua", null);
        Layer b = layers.create(upload(), "b", "b.geojson", "guihua", null);
        heard.clear();
        assertThat(layers.publish(a.id(), true, "guihua", null)).hasValueSatisfying(l -> assertThat(l.published())
                .isTrue());
        assertThat(layers.delete(a.id(), "admin", null)).isTrue();
        assertThat(layers.delete(b.id(), "guihua", null)).isTrue();
        assertThat(heard).extracting(c -> c.data().get("action") + "/" + c.audience())
                .containsExactly("publish/PUBLIC", "delete/PUBLIC", "delete/LEADER");
        assertThat(store.page(null, null, 10, 0)).extracting(AuditEntry::action)
                .containsExactly("delete-layer", "delete-layer", "publish", "import", "import");
    }

    @Test
    void an_unknown_layer_is_neither_changed_nor_announced() {
        assertThat(layers.publish("pl-none", true, "guihua", null)).isEmpty();
        assertThat(layers.delete("pl-none", "guihua", null)).isFalse();
        assertThat(heard).isEmpty();
        assertThat(store.page(null, null, 10, 0)).isEmpty();
    }
}
