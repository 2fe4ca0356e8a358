package org.xiangtu.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.I18n;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.catalog.Visibility;

/**
 * Every layer the server serves, behind one view: the catalogue's layers (read from the
 * {@link FeatureStore}) and the planners' imported layers (read from the {@link PlannerLayerStore}),
 * routed by layer id — an id the catalogue declares goes to the feature store, any other to the
 * planner layers — so callers never ask which kind a layer is. Both answer a {@link FeatureQuery}
 * alike (see the two interfaces: bbox by exact geometry intersection, limit and offset over a stable
 * order; a planner layer refuses field and time filters).
 *
 * <p>Who sees what: a catalogue layer is seen by every role, with the fields the role may see
 * ({@link LayerDef#forRole}); a planner layer is seen by the public once it is published, and by
 * every signed-in role (leader and above) from its import on. Listings ({@link #layers},
 * {@link #collections}) hold the catalogue's layers, then the published planner layers by creation
 * time. A planner layer is described as a catalogue layer of the group {@code planner} whose fields
 * are all public and titled by their original names.
 *
 * <p>Thread-safe as the two stores are; never returns {@code null}; "no such layer" is an empty
 * {@link Optional}. It does not own the stores: closing them is their opener's business.
 */
public final class CompositeLayerStore {
    /** The catalogue group planner layers are listed under. */
    public static final String PLANNER_GROUP = "planner";
    private final Catalog catalog;
    private final FeatureStore catalogue;
    private final PlannerLayerStore planner;

    /** @param planner the planner layers; may be null for a server without them (only the catalogue's are served) */
    public CompositeLayerStore(Catalog catalog, FeatureStore catalogue, PlannerLayerStore planner) {
        this.catalog = catalog;
        this.catalogue = catalogue;
        this.planner = planner;
    }

    /** The layers listed to the role: the catalogue's (with the role's fields), then the published planner layers. */
    public List<LayerDef> layers(Role role) {
        List<LayerDef> out = new ArrayList<>(catalog.forRole(role).layers());
        published().forEach(l -> out.add(definition(l)));
        return out;
    }

    /** The layer as the role may see it (see the class comment); empty if there is none or the role may not see it. */
    public Optional<LayerDef> layer(String id, Role role) {
        Optional<LayerDef> own = catalog.layerFor(role, id);
        if (own.isPresent() || catalog.layer(id).isPresent() || planner == null) {
            return own;
        }
        return planner.find(id).filter(l -> l.published() || role != Role.PUBLIC).map(CompositeLayerStore::definition);
    }

    /** Summaries in the order of {@link #layers} for the same role. */
    public List<CollectionInfo> collections(Role role) {
        List<CollectionInfo> out = new ArrayList<>(catalogue.collections().stream()
                .filter(c -> catalog.layerFor(role, c.id()).isPresent()).toList());
        published().forEach(l -> out.add(info(l)));
        return out;
    }

    /** The summary of any layer, published or not; empty if there is none. */
    public Optional<CollectionInfo> collection(String id) {
        if (isCatalogued(id)) {
            return catalogue.collection(id);
        }
        return planner == null ? Optional.empty() : planner.find(id).map(CompositeLayerStore::info);
    }

    /**
     * A page of a layer's features, as {@link FeatureStore#features} or {@link PlannerLayerStore#features}.
     *
     * @throws IllegalArgumentException for an id that is neither, or as the store it routes to
     * @throws InvalidQueryException as the store it routes to
     */
    public FeaturePage features(String id, FeatureQuery query) {
        return isCatalogued(id) ? catalogue.features(id, query) : planner(id).features(id, query);
    }

    /** The same page as {@link #features}, for writing as GeoJSON (see {@link FeatureStore#geoJsonFeatures}). */
    public GeoJsonPage geoJsonFeatures(String id, FeatureQuery query) {
        return isCatalogued(id) ? catalogue.geoJsonFeatures(id, query) : GeoJsonPage.of(planner(id).features(id, query));
    }

    /**
     * One feature with the given properties (a planner layer's has all its fields); empty if there is none.
     *
     * @throws IllegalArgumentException for an id that is neither a catalogue layer nor a planner one
     */
    public Optional<Feature> feature(String id, String featureId, List<String> properties) {
        return isCatalogued(id) ? catalogue.feature(id, featureId, properties) : planner(id).feature(id, featureId);
    }

    private boolean isCatalogued(String id) {
        return catalog.layer(id).isPresent();
    }

    private PlannerLayerStore planner(String id) {
        if (planner == null) {
            throw new IllegalArgumentException("no collection " + id);
        }
        return planner;
    }

    private List<PlannerLayerStore.Layer> published() {
        return planner == null ? List.of() : planner.list().stream().filter(PlannerLayerStore.Layer::published).toList();
    }

    /** A planner layer as a catalogue layer: every field public, titled by its original name. */
    static LayerDef definition(PlannerLayerStore.Layer l) {
        List<FieldDef> fields = new ArrayList<>();
        for (PlannerLayerStore.Field f : l.fields()) {
            fields.add(new FieldDef(f.name(), f.type(), new I18n(f.title(), f.name()), null, Visibility.PUBLIC, null));
        }
        String title = l.title();
        return new LayerDef(l.id(), new I18n(title, title),
                new I18n("规划人员导入：" + l.source() + "（" + l.owner() + "）", "Imported by a planner from " + l.source()),
                PLANNER_GROUP, l.geometryKind(), null, false, 1000, Map.of(), null, null, null, fields);
    }

    private static CollectionInfo info(PlannerLayerStore.Layer l) {
        return new CollectionInfo(l.id(), l.extent(), l.createdAt(), l.updatedAt(), l.features());
    }
}
