package org.xiangtu.service;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.locationtech.jts.geom.Envelope;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.CollectionInfo;
import org.xiangtu.store.CompositeLayerStore;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeaturePage;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.GeoJsonPage;
import org.xiangtu.store.InvalidQueryException;
import org.xiangtu.store.TimeInterval;

/**
 * Layers as a given role may see them: the catalogue decides which layers and fields exist and
 * which are visible; the store answers. A field the role may not see is treated as absent, in
 * filters as in answers, so it never leaks. The catalogue's and the planners' layers are one
 * {@link CompositeLayerStore}, which routes each layer id to its store.
 */
public final class LayerService {
    private final Catalog catalog;
    private final CompositeLayerStore layers;

    /** The catalogue's layers only (no planner layers). */
    public LayerService(Catalog catalog, FeatureStore store) {
        this(catalog, new CompositeLayerStore(catalog, store, null));
    }

    public LayerService(Catalog catalog, CompositeLayerStore layers) {
        this.catalog = catalog;
        this.layers = layers;
    }

    /** The layers of the OGC API as the role may see them: the catalogue's, then the published planner layers. */
    public List<LayerDef> ogcLayers(Role role) {
        return layers.layers(role);
    }

    public Catalog catalog(Role role) {
        return catalog.forRole(role);
    }

    /** The layer as the role may see it; empty if there is no such layer, or the role may not see it. */
    public Optional<LayerDef> layer(String id, Role role) {
        return layers.layer(id, role);
    }

    /** Summaries in the order of {@link #ogcLayers} for the same role. */
    public List<CollectionInfo> summaries(Role role) {
        return layers.collections(role);
    }

    public CollectionInfo summary(String id) {
        return layers.collection(id).orElseThrow(() -> new IllegalArgumentException("no collection " + id));
    }

    /**
     * Features of a layer the role may see.
     *
     * @param filters raw query values by field name; each must be a field visible to the role
     */
    public GeoJsonPage items(String id, Role role, Envelope bbox, Map<String, String> filters, TimeInterval updated,
            int limit, int offset) {
        LayerDef layer = layer(id, role).orElseThrow(() -> new IllegalArgumentException("no collection " + id));
        return layers.geoJsonFeatures(id, new FeatureQuery(bbox, typed(layer, filters), updated, names(layer), limit,
                offset));
    }

    /** Features of a layer the role may see, as JTS features (for the server's own use), filtered and paged. */
    public FeaturePage features(String id, Role role, Envelope bbox, Map<String, String> filters, int limit,
            int offset) {
        LayerDef layer = layer(id, role).orElseThrow(() -> new IllegalArgumentException("no collection " + id));
        return layers.features(id, new FeatureQuery(bbox, typed(layer, filters), null, names(layer), limit, offset));
    }

    public Optional<Feature> feature(String id, String featureId, Role role) {
        LayerDef layer = layer(id, role).orElseThrow(() -> new IllegalArgumentException("no collection " + id));
        return layers.feature(id, featureId, names(layer));
    }

    private static Map<String, Object> typed(LayerDef layer, Map<String, String> filters) {
        Map<String, Object> typed = new LinkedHashMap<>();
        filters.forEach((name, raw) -> typed.put(name, parseFilter(layer, name, raw)));
        return typed;
    }

    private static List<String> names(LayerDef layer) {
        return new ArrayList<>(layer.fields().stream().map(FieldDef::name).toList());
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
