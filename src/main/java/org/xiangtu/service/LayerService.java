package org.xiangtu.service;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xiangtu.catalog.I18n;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.edit.PlannerLayers;
import org.xiangtu.store.CollectionInfo;
import java.util.stream.Collectors;
import org.locationtech.jts.geom.Envelope;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.CollectionInfo;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.GeoJsonPage;
import org.xiangtu.store.InvalidQueryException;
import org.xiangtu.store.TimeInterval;

/**
 * Layers as a given role may see them: the catalogue decides which layers and fields exist and
 * which are visible; the store answers. A field the role may not see is treated as absent, in
 * filters as in answers, so it never leaks.
 */
public final class LayerService {
    private final Catalog catalog;
    private final FeatureStore store;
    private final PlannerLayers planner;

    public LayerService(Catalog catalog, FeatureStore store) {
        this(catalog, store, null);
    }

    /** @param planner planners' layers: the published ones are served beside the catalogue's; may be null */
    public LayerService(Catalog catalog, FeatureStore store, PlannerLayers planner) {
        this.catalog = catalog;
        this.store = store;
        this.planner = planner;
    }

    /** The layers of the OGC API as the role may see them: the catalogue's, then the published planner layers. */
    public List<LayerDef> ogcLayers(Role role) {
        List<LayerDef> out = new ArrayList<>(catalog.forRole(role).layers());
        published().forEach(l -> out.add(definition(l)));
        return out;
    }

    private List<PlannerLayers.Layer> published() {
        return planner == null ? List.of() : planner.list().stream().filter(PlannerLayers.Layer::published).toList();
    }

    private Optional<PlannerLayers.Layer> publishedLayer(String id) {
        if (planner == null || !id.startsWith("pl-")) {
            return Optional.empty();
        }
        return planner.find(id).filter(PlannerLayers.Layer::published);
    }

    /** A published planner layer as a catalogue layer: every field public, titled by its original name. */
    static LayerDef definition(PlannerLayers.Layer l) {
        List<FieldDef> fields = new ArrayList<>();
        for (PlannerLayers.Field f : l.fields()) {
            fields.add(new FieldDef(f.name(), f.type(), new I18n(f.title(), f.name()), null, Visibility.PUBLIC, null));
        }
        String title = l.title();
        return new LayerDef(l.id(), new I18n(title, title),
                new I18n("规划人员导入：" + l.source() + "（" + l.owner() + "）", "Imported by a planner from " + l.source()),
                "planner", l.geometryKind(), null, false, 1000, Map.of(), null, null, null, fields);
    }

    private static CollectionInfo info(PlannerLayers.Layer l) {
        return new CollectionInfo(l.id(), l.extent(), l.createdAt(), l.updatedAt(), l.features());
    }

    public Catalog catalog(Role role) {
        return catalog.forRole(role);
    }

    /** The layer as the role may see it; empty if there is no such layer. */
    public Optional<LayerDef> layer(String id, Role role) {
        Optional<LayerDef> own = catalog.layer(id).map(l -> l.forRole(role));
        return own.isPresent() ? own : publishedLayer(id).map(LayerService::definition);
    }

    /** Summaries in the order of {@link #ogcLayers}. */
    public List<CollectionInfo> summaries() {
        List<CollectionInfo> out = new ArrayList<>(store.collections());
        published().forEach(l -> out.add(info(l)));
        return out;
    }

    public CollectionInfo summary(String id) {
        Optional<PlannerLayers.Layer> p = publishedLayer(id);
        if (p.isPresent()) {
            return info(p.get());
        }
        return store.collection(id).orElseThrow(() -> new IllegalArgumentException("no collection " + id));
    }

    /**
     * Features of a layer the role may see.
     *
     * @param filters raw query values by field name; each must be a field visible to the role
     */
    public GeoJsonPage items(String id, Role role, Envelope bbox, Map<String, String> filters, TimeInterval updated,
            int limit, int offset) {
        LayerDef layer = layer(id, role).orElseThrow(() -> new IllegalArgumentException("no collection " + id));
        Map<String, Object> typed = new LinkedHashMap<>();
        filters.forEach((name, raw) -> typed.put(name, parseFilter(layer, name, raw)));
        if (publishedLayer(id).isPresent()) {
            if (!typed.isEmpty() || updated != null) {
                String name = typed.isEmpty() ? "datetime" : typed.keySet().iterator().next();
                throw new InvalidQueryException(name, "an imported layer is paged by bbox only, not filtered by '"
                        + name + "'");
            }
            PlannerLayers.Page page = planner.features(id, bbox, limit, offset);
            return GeoJsonPage.of(new org.xiangtu.store.FeaturePage(page.features(), page.matched()));
        }
        List<String> props = new ArrayList<>(layer.fields().stream().map(FieldDef::name).toList());
        return store.geoJsonFeatures(id, new FeatureQuery(bbox, typed, updated, props, limit, offset));
    }

    /** Features of a layer the role may see, as JTS features (for the server's own use), filtered and paged. */
    public org.xiangtu.store.FeaturePage features(String id, Role role, Envelope bbox, Map<String, String> filters,
            int limit, int offset) {
        LayerDef layer = layer(id, role).orElseThrow(() -> new IllegalArgumentException("no collection " + id));
        Map<String, Object> typed = new LinkedHashMap<>();
        filters.forEach((name, raw) -> typed.put(name, parseFilter(layer, name, raw)));
        List<String> props = new ArrayList<>(layer.fields().stream().map(FieldDef::name).toList());
        return store.features(id, new FeatureQuery(bbox, typed, null, props, limit, offset));
    }

    public Optional<Feature> feature(String id, String featureId, Role role) {
        if (publishedLayer(id).isPresent()) {
            return planner.feature(id, featureId);
        }
        LayerDef layer = layer(id, role).orElseThrow(() -> new IllegalArgumentException("no collection " + id));
        return store.feature(id, featureId, layer.fields().stream().map(FieldDef::name).toList());
    }

    /** A filter value typed as its field declares; the parameter is named in any error. */
    static Object parseFilter(LayerDef visibleLayer, String name, String raw) {
        FieldDef field = visibleLayer.field(name).orElseThrow(() -> new InvalidQueryException(name,
                "unknown query parameter '" + name + "': not a standard parameter nor a field of '"
                        + visibleLayer.id() + "' (fields: " + visibleLayer.fields().stream().map(FieldDef::name)
                        .collect(Collectors.joining(", ")) + ")"));
        try {
            Object value = switch (field.type()) {
                case STRING -> raw;
                case INTEGER -> Long.parseLong(raw.trim());
                case NUMBER -> Double.parseDouble(raw.trim());
                case BOOLEAN -> parseBoolean(name, raw);
                case DATE -> LocalDate.parse(raw.trim()).toString();
            };
            if (field.enumValues() != null && !field.enumValues().contains(value.toString())) {
                throw new InvalidQueryException(name, "'" + name + "' must be one of " + field.enumValues()
                        + ", not '" + raw + "'");
            }
            return value;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidQueryException(name, "'" + name + "' must be " + field.type().json() + ", not '" + raw + "'");
        }
    }

    private static Boolean parseBoolean(String name, String raw) {
        return switch (raw.trim()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidQueryException(name, "'" + name + "' must be true or false, not '" + raw + "'");
        };
    }
}
