package org.xiangtu.edit.onboarding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.edit.ChangeFeed;
import org.xiangtu.io.upload.ParsedUpload;
import org.xiangtu.io.upload.UploadFeature;
import org.xiangtu.io.upload.UploadField;
import org.xiangtu.io.upload.UploadReport;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.LayerVersionStore;
import org.xiangtu.store.PlannerLayerStore;

/**
 * Onboarding a catalogue layer (issue 18): a county's file, read by {@code io/upload} (or a planner layer,
 * {@link #plannerLayer}), previewed against a
 * layer with a mapping (suggested when none is given) and applied in one transaction with its audit entry
 * and the previous version kept ({@link LayerVersionStore}); every apply and rollback is announced on the
 * change feed as a change of the layer, so the dashboard's cache drops what it read of it and
 * {@code /events} tells the pages. The admin's page, the HTTP routes and {@code import --map} all come
 * here. Thread-safe: no state of its own.
 */
public final class Onboarding {
    /** Layers the running product writes itself (the field app, the relapse watch, project updates): not onboarded. */
    public static final Set<String> WRITTEN_BY_THE_APP = Set.of("visits", "work_logs", "watch_alerts",
            "watch_monitoring", "project_updates", "home_visits");
    /** The most features read of a layer to compare with (a county's largest layer is far smaller). */
    static final int MAX_FEATURES = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Catalog catalog;
    private final FeatureStore store;
    private final LayerVersionStore versions;
    private final ChangeFeed feed;
    private final PlannerLayerStore plannerLayers;

    /** @param plannerLayers where planner layers used as a source are read; null: files only */
    public Onboarding(Catalog catalog, FeatureStore store, LayerVersionStore versions, ChangeFeed feed,
            PlannerLayerStore plannerLayers) {
        this.catalog = catalog;
        this.store = store;
        this.versions = versions;
        this.feed = feed;
        this.plannerLayers = plannerLayers;
    }

    /**
     * A planner layer as the source, read as an upload would be: its columns under their original names (the
     * file's, e.g. 村名, kept as the planner layer's field titles), its features as stored (already repaired
     * when it was imported, so the report lists no repairs); a 404 naming {@code source} when there is none.
     */
    public ParsedUpload plannerLayer(String id) {
        PlannerLayerStore.Layer layer = plannerLayers == null ? null : plannerLayers.find(id).orElse(null);
        if (layer == null) {
            throw new Refused(404, "source", "There is no planner layer '" + id + "'.");
        }
        List<UploadField> fields = new java.util.ArrayList<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (PlannerLayerStore.Field f : layer.fields()) {
            String title = f.title() == null || f.title().isBlank() || titles.containsValue(f.title()) ? f.name() : f.title();
            titles.put(f.name(), title);
            fields.add(new UploadField(title, f.type()));
        }
        List<UploadFeature> features = new java.util.ArrayList<>();
        for (Feature f : plannerLayers.features(id, FeatureQuery.all(List.copyOf(titles.keySet()), MAX_FEATURES))
                .features()) {
            Map<String, Object> props = new LinkedHashMap<>();
            titles.forEach((name, title) -> props.put(title, f.properties().get(name)));
            features.add(new UploadFeature(f.geometry(), props));
        }
        UploadReport report = new UploadReport("planner-layer", null, null, null, features.size(), 0, List.of(), 0, 0,
                false, List.of("read from planner layer " + id + " (" + layer.title() + ")"));
        return new ParsedUpload(layer.title(), layer.geometryKind(), fields, features, report);
    }

    /** A refused request: its HTTP status, the field at fault and why. */
    public static final class Refused extends org.xiangtu.edit.Refusal {
        Refused(int status, String field, String detail) {
            super(status, field, detail, java.util.Map.of());
        }
    }

    /**
     * A preview: the suggestion (always worked out, so the admin sees the alternatives), the mapping used, what it
     * would do, and the features it would write as a GeoJSON FeatureCollection (the first {@link #MAP_FEATURES},
     * for the page's map beside the current layer's; {@code numberMatched} says how many there are).
     */
    public record Previewed(LayerMapping.Suggestion suggestion, LayerMapping mapping, OnboardingPreview.Result preview,
            @com.fasterxml.jackson.annotation.JsonRawValue String features) {
    }

    /** The most written features a preview hands back for the map. */
    public static final int MAP_FEATURES = 2_000;

    /** An apply or a rollback: the layer, its new version and what the preview said it would do. */
    public record Applied(String layer, long version, OnboardingPreview.Result preview) {
    }

    /** The layer that may be onboarded, or a 400 (404 for no such layer) naming {@code target}. */
    public LayerDef target(String id) {
        LayerDef layer = catalog.layer(id == null ? "" : id)
                .orElseThrow(() -> new Refused(id == null || id.isBlank() ? 400 : 404, "target",
                        "There is no catalogue layer '" + id + "'."));
        if (WRITTEN_BY_THE_APP.contains(layer.id())) {
            throw new Refused(400, "target", "Layer '" + id + "' is written by the application itself and cannot be"
                    + " onboarded from a file.");
        }
        return layer;
    }

    /** What applying {@code mapping} (null: the suggested one) to the upload would do; writes nothing. */
    public Previewed preview(ParsedUpload upload, String target, LayerMapping mapping) {
        LayerDef layer = target(target);
        LayerMapping.Suggestion suggestion = LayerMapping.suggest(upload, layer);
        LayerMapping used = mapping == null ? suggestion.mapping() : mapping;
        OnboardingPreview.Result p = work(upload, used, layer, now());
        return new Previewed(suggestion, used, p, geoJson(p.features()));
    }

    /**
     * Applies the mapping: the features the preview would write, in one transaction with the audit entry
     * and the previous version kept; then announced.
     *
     * @param base the preview's {@code base}, or null: when given and the layer has changed since, a 409
     */
    public Applied apply(ParsedUpload upload, String target, LayerMapping mapping, String base, String actor,
            String address) {
        LayerDef layer = target(target);
        if (mapping == null) {
            throw new Refused(400, "mapping", "Apply needs the mapping (the preview's, as the admin changed it).");
        }
        OnboardingPreview.Result p = work(upload, mapping, layer, now());
        if (base != null && !base.isBlank() && !base.equals(p.base())) {
            throw new Refused(409, "base", "Layer '" + layer.id() + "' has changed since the preview; preview again.");
        }
        boolean merge = mapping.mode() == LayerMapping.Mode.MERGE;
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("mode", mapping.mode().json());
        detail.put("rows", p.rows());
        detail.put("added", p.diff().added());
        detail.put("changed", p.diff().changed());
        detail.put("removed", p.diff().removed());
        detail.put("mapping", mapping);
        long version;
        try {
            version = versions.replace(layer, p.features(), merge, p.base(), AuditEntry.of(actor, address,
                    "layer.onboard", layer.id(), "ok", json(detail)));
        } catch (LayerVersionStore.Changed e) { // changed between reading it here and writing
            throw new Refused(409, "base", "Layer '" + layer.id() + "' changed while it was being applied; try again.");
        }
        announce(layer, version, "onboard");
        return new Applied(layer.id(), version, p);
    }

    /** The layer's versions, newest first. */
    public List<LayerVersionStore.Version> versions(String target) {
        return versions.versions(target(target).id());
    }

    /** Restores the layer as it was before {@code version}, as a new version; 404 naming {@code version} if there is none. */
    public long rollback(String target, long version, String actor, String address) {
        LayerDef layer = target(target);
        long v;
        try {
            v = versions.rollback(layer, version, AuditEntry.of(actor, address, "layer.rollback", layer.id(), "ok",
                    json(Map.of("to", version))));
        } catch (NoSuchElementException e) {
            throw new Refused(404, "version", "Layer '" + layer.id() + "' has no version " + version + ".");
        }
        announce(layer, v, "rollback");
        return v;
    }

    private OnboardingPreview.Result work(ParsedUpload upload, LayerMapping mapping, LayerDef layer, String at) {
        if (!mapping.target().equals(layer.id())) {
            throw new Refused(400, "mapping", "The mapping is for layer '" + mapping.target() + "', not '"
                    + layer.id() + "'.");
        }
        try {
            return OnboardingPreview.preview(upload, mapping, layer, current(layer), places(), at);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "mapping", e.getMessage());
        }
    }

    private List<Feature> current(LayerDef layer) {
        return store.features(layer.id(), FeatureQuery.all(layer.fields().stream().map(FieldDef::name).toList(),
                MAX_FEATURES)).features();
    }

    private OnboardingPreview.Places places() {
        return new OnboardingPreview.Places(names("towns"), names("villages"));
    }

    private Map<String, String> names(String layerId) {
        Map<String, String> out = new LinkedHashMap<>();
        if (catalog.layer(layerId).isEmpty()) {
            return out;
        }
        for (Feature f : store.features(layerId, FeatureQuery.all(List.of("code", "name"), MAX_FEATURES)).features()) {
            Object code = f.properties().get("code");
            if (code != null) {
                out.put(String.valueOf(code), f.properties().get("name") == null ? null
                        : String.valueOf(f.properties().get("name")));
            }
        }
        return out;
    }

    private void announce(LayerDef layer, long version, String what) {
        Role audience = switch (layer.visibility()) {
            case PUBLIC -> Role.PUBLIC;
            case LEADER, HOUSEHOLD -> Role.LEADER;
            case PLANNER -> Role.PLANNER;
        };
        feed.publish("layer", List.of(layer.id()), Map.of("layer", layer.id(), "version", version, "action", what),
                audience);
    }

    /** The first {@link #MAP_FEATURES} features as a GeoJSON FeatureCollection with {@code numberMatched}. */
    static String geoJson(List<Feature> features) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeNumberField("numberMatched", features.size());
            g.writeArrayFieldStart("features");
            for (Feature f : features.subList(0, Math.min(MAP_FEATURES, features.size()))) {
                g.writeStartObject();
                g.writeStringField("type", "Feature");
                g.writeStringField("id", f.id());
                g.writeFieldName("geometry");
                org.xiangtu.geo.GeoJsonGeometry.write(g, f.geometry());
                g.writeFieldName("properties");
                JSON.writeValue(g, f.properties());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
