package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.xiangtu.account.AuditLog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.edit.PlannerLayers;
import org.xiangtu.edit.ProjectEdits;
import org.xiangtu.geo.Crs;
import org.xiangtu.geo.Measure;
import org.xiangtu.io.export.ExportField;
import org.xiangtu.io.export.ExportFormat;
import org.xiangtu.io.export.ExportLayer;
import org.xiangtu.io.export.Exporter;
import org.xiangtu.analysis.Within;
import org.xiangtu.service.AnalysisService;
import org.xiangtu.service.LayerService;
import org.xiangtu.store.Feature;

/**
 * Exports for signed-in users: a catalogue layer or a planner layer, optionally filtered by field
 * values, by a bbox, or by a drawn selection (features intersecting the drawn geometry, or within
 * {@code distance} metres of it, measured in EPSG:4544), as GeoJSON, GeoPackage or CSV. Only the
 * fields the user's role may see are written. Every export is recorded in the audit log.
 *
 * <p>{@code GET /api/export?layer=…&format=…[&bbox=…][&field=value…]} for plain downloads;
 * {@code POST /api/export} with {@code {"layer", "format", "filters", "geometry", "distance"}} for a
 * drawn selection.
 */
public final class ExportController {
    static final int MAX_FEATURES = 200_000;
    static final double MAX_DISTANCE = 20_000;
    private final LayerService layers;
    private final PlannerLayers planner;
    private final AuditLog audit;

    public ExportController(LayerService layers, PlannerLayers planner, AuditLog audit) {
        this.layers = layers;
        this.planner = planner;
        this.audit = audit;
    }

    public void download(Context ctx) throws IOException {
        Map<String, String> p = new LinkedHashMap<>(RequestParams.single(ctx.queryParamMap()));
        String layer = required(p.remove("layer"), "layer");
        ExportFormat format = format(p.remove("format"));
        Envelope bbox = p.containsKey("bbox") ? RequestParams.parseBbox(p.remove("bbox")) : null;
        export(ctx, layer, format, p, bbox, null, 0);
    }

    public void selection(Context ctx) throws IOException {
        JsonNode body = Bodies.json(ctx);
        for (var it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!List.of("layer", "format", "filters", "geometry", "distance").contains(f)) {
                throw ProblemException.badRequest(f, "unknown field '" + f + "' (fields: layer, format, filters, "
                        + "geometry, distance)");
            }
        }
        String layer = Bodies.text(body, "layer", 100);
        ExportFormat format = format(Bodies.text(body, "format", 20));
        Map<String, String> filters = new LinkedHashMap<>();
        JsonNode f = body.get("filters");
        if (f != null && !f.isNull()) {
            if (!f.isObject()) {
                throw ProblemException.badRequest("filters", "'filters' must be an object of field → value.");
            }
            f.fields().forEachRemaining(e -> filters.put(e.getKey(), e.getValue().asText()));
        }
        Geometry zone = null;
        JsonNode g = body.get("geometry");
        if (g != null && !g.isNull()) {
            try {
                zone = new GeoJsonReader(Crs.LONLAT).read(g.toString());
            } catch (ParseException | RuntimeException e) {
                throw ProblemException.badRequest("geometry", "'geometry' must be a GeoJSON geometry in lon/lat.");
            }
            if (zone.isEmpty() || !zone.isValid() && zone.getDimension() == 2) {
                throw ProblemException.badRequest("geometry", "'geometry' is empty or not a valid shape.");
            }
            Envelope e = zone.getEnvelopeInternal();
            if (e.getMinX() < 73 || e.getMaxX() > 136 || e.getMinY() < 3 || e.getMaxY() > 54) {
                throw ProblemException.badRequest("geometry", "'geometry' must be lon/lat in China (EPSG:4490).");
            }
        }
        double distance = 0;
        JsonNode d = body.get("distance");
        if (d != null && !d.isNull()) {
            if (!d.isNumber() || d.asDouble() < 0 || d.asDouble() > MAX_DISTANCE) {
                throw ProblemException.badRequest("distance", "'distance' must be 0 to " + (int) MAX_DISTANCE + " metres.");
            }
            distance = d.asDouble();
        }
        export(ctx, layer, format, filters, null, zone, distance);
    }

    private void export(Context ctx, String layerId, ExportFormat format, Map<String, String> filters, Envelope bbox,
            Geometry zone, double distance) throws IOException {
        Role role = CurrentUser.role(ctx);
        Measure measure = new Measure();
        // the same zone and the same "reached" test as the planners' statistics (analysis/Within)
        Within.Zone selection = zone == null ? null : Within.zone(measure.metric(zone), distance);
        Envelope query = selection == null ? bbox : AnalysisService.searchBox(selection);
        ExportLayer out;
        if (layerId.startsWith("pl-")) {
            PlannerLayers.Layer l = planner.find(layerId).orElseThrow(() ->
                    new NotFoundException("layer", "There is no layer '" + layerId + "'."));
            if (!filters.isEmpty()) {
                throw ProblemException.badRequest(filters.keySet().iterator().next(),
                        "Planner layers are exported whole or by a drawn selection, not by field values.");
            }
            List<Feature> features = keep(planner.features(l.id(), query, MAX_FEATURES + 1, 0).features(), selection,
                    measure);
            List<ExportField> fields = new ArrayList<>();
            l.fields().forEach(f -> fields.add(new ExportField(f.name(), f.type(), f.title())));
            out = new ExportLayer(l.id().replace('-', '_'), l.title(), l.geometryKind(), fields, features);
        } else {
            LayerDef l = layers.layer(layerId, role).orElseThrow(() ->
                    new NotFoundException("layer", "There is no layer '" + layerId + "'."));
            List<Feature> features = keep(layers.features(l.id(), role, query, filters, MAX_FEATURES + 1, 0).features(),
                    selection, measure);
            List<ExportField> fields = new ArrayList<>();
            for (FieldDef f : l.fields()) {
                fields.add(new ExportField(f.name(), f.type(), f.title().zh()));
            }
            out = new ExportLayer(l.id(), l.title().zh(), l.isSpatial() ? l.geometry() : GeometryKind.NONE, fields,
                    features);
        }
        if (out.features().size() > MAX_FEATURES) {
            throw new ProblemException(413, "layer", "The export would hold more than " + MAX_FEATURES
                    + " features; narrow it with a bbox, filters or a selection.");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Exporter.write(out, format, buf);
        audit.record(AuditLog.Entry.of(CurrentUser.name(ctx), ctx.ip(), "export", layerId, "ok", AuditLog.json(
                Map.of("format", format.extension(), "features", out.features().size(), "filters", filters,
                        "selection", zone != null, "distance", distance))));
        ctx.header("Content-Disposition", Exporter.contentDisposition(out, format, LocalDate.now(ProjectEdits.COUNTY_ZONE)));
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(format.contentType()).result(buf.toByteArray());
    }

    private static List<Feature> keep(List<Feature> features, Within.Zone selection, Measure measure) {
        return selection == null ? features
                : Within.reached(features, selection, measure).stream().map(Within.Hit::feature).toList();
    }

    private static ExportFormat format(String raw) {
        String s = required(raw, "format");
        return ExportFormat.parse(s).orElseThrow(() -> ProblemException.badRequest("format",
                "'format' must be geojson, gpkg or csv, not '" + s + "'."));
    }

    private static String required(String v, String name) {
        if (v == null || v.isBlank()) {
            throw ProblemException.badRequest(name, "'" + name + "' is required.");
        }
        return v;
    }
}
