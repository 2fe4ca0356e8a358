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
import java.util.Set;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.account.AuditLog;
import org.xiangtu.analysis.Deadline;
import org.xiangtu.analysis.Within;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.config.AppConfig;
import org.xiangtu.edit.ProjectEdits;
import org.xiangtu.geo.Measure;
import org.xiangtu.io.export.ExportField;
import org.xiangtu.io.export.ExportFormat;
import org.xiangtu.io.export.ExportLayer;
import org.xiangtu.io.export.Exporter;
import org.xiangtu.service.AnalysisService;
import org.xiangtu.service.LayerService;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.Feature;

/**
 * Exports for signed-in users: a catalogue layer or a planner layer, optionally filtered by field
 * values, by a bbox, or by a drawn selection (features intersecting the drawn geometry, or within
 * {@code distance} metres of it, measured in EPSG:4544), as GeoJSON, GeoPackage or CSV. Only the
 * fields the user's role may see are written. Every export is recorded in the audit log.
 *
 * <p>{@code GET /api/export?layer=…&format=…[&bbox=…][&field=value…]} for plain downloads;
 * {@code POST /api/export} with {@code {"layer", "format", "filters", "geometry", "distance"}} for a
 * drawn selection. The drawing and distance are bounded as for the planners' questions
 * ({@link DrawnGeometry}); the selection is a distance test on the features, never a buffer of the
 * drawing; the work has the time budget {@code analysis.timeBudgetMs} (503 past it) and the file at
 * most {@code analysis.maxExportVertices} vertices (413). The file is built in memory before anything
 * is sent, so an export stopped half-way sends no part of itself.
 */
public final class ExportController {
    static final int MAX_FEATURES = 200_000;
    private static final Set<String> ANY = Set.of("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString",
            "MultiPolygon");
    private final LayerService layers;
    private final AuditLog audit;
    private final AppConfig.Analysis limits;

    public ExportController(LayerService layers, AuditLog audit, AppConfig.Analysis limits) {
        this.layers = layers;
        this.audit = audit;
        this.limits = limits;
    }

    public void download(Context ctx) throws IOException {
        Deadline deadline = AnalysisController.deadline(limits);
        Map<String, String> p = new LinkedHashMap<>(RequestParams.single(ctx.queryParamMap()));
        String layer = required(p.remove("layer"), "layer");
        ExportFormat format = format(p.remove("format"));
        Envelope bbox = p.containsKey("bbox") ? RequestParams.parseBbox(p.remove("bbox")) : null;
        export(ctx, layer, format, p, bbox, null, 0, deadline);
    }

    public void selection(Context ctx) throws IOException {
        Deadline deadline = AnalysisController.deadline(limits);
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
        JsonNode g = body.get("geometry");
        Geometry zone = g == null || g.isNull() ? null : DrawnGeometry.read(body, "geometry", ANY, limits);
        double distance = DrawnGeometry.metres(body, "distance", 0, 0, limits);
        export(ctx, layer, format, filters, null, zone, distance, deadline);
    }

    private void export(Context ctx, String layerId, ExportFormat format, Map<String, String> filters, Envelope bbox,
            Geometry zone, double distance, Deadline deadline) throws IOException {
        Role role = CurrentUser.role(ctx);
        Measure measure = new Measure();
        // the same "reached" test as the planners' statistics (analysis/Within), without growing the drawing
        Within.Zone selection = zone == null ? null : Within.near(measure.metric(zone), distance);
        Envelope query = selection == null ? bbox : AnalysisService.searchBox(selection);
        LayerDef l = layers.layer(layerId, role).orElseThrow(() ->
                new NotFoundException("layer", "There is no layer '" + layerId + "'."));
        List<Feature> features = keep(layers.features(l.id(), role, query, filters, MAX_FEATURES + 1, 0).features(),
                selection, measure, deadline);
        List<ExportField> fields = new ArrayList<>();
        for (FieldDef f : l.fields()) {
            fields.add(new ExportField(f.name(), f.type(), f.title().zh()));
        }
        // the file's layer (table) name without hyphens, as GIS tools take it unquoted: planner layer ids hold some
        ExportLayer out = new ExportLayer(l.id().replace('-', '_'), l.title().zh(),
                l.isSpatial() ? l.geometry() : GeometryKind.NONE, fields, features);
        if (out.features().size() > MAX_FEATURES) {
            throw new ProblemException(413, "layer", "The export would hold more than " + MAX_FEATURES
                    + " features; narrow it with a bbox, filters or a selection.");
        }
        long vertices = 0;
        for (Feature f : out.features()) {
            vertices += f.geometry() == null ? 0 : f.geometry().getNumPoints();
        }
        if (vertices > limits.maxExportVertices()) {
            throw new ProblemException(413, "layer", "The export would hold " + vertices + " vertices; at most "
                    + limits.maxExportVertices() + " are accepted (analysis.maxExportVertices). Narrow it with a "
                    + "bbox, filters or a selection.");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Exporter.write(new ExportLayer(out.name(), out.title(), out.geometryKind(), out.fields(),
                deadline.checking(out.features())), format, buf);
        deadline.check();
        audit.record(AuditEntry.of(CurrentUser.name(ctx), ctx.ip(), "export", layerId, "ok", AuditLog.json(
                Map.of("format", format.extension(), "features", out.features().size(), "filters", filters,
                        "selection", zone != null, "distance", distance))));
        ctx.header("Content-Disposition", Exporter.contentDisposition(out, format, LocalDate.now(ProjectEdits.COUNTY_ZONE)));
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(format.contentType()).result(buf.toByteArray());
    }

    private static List<Feature> keep(List<Feature> features, Within.Zone selection, Measure measure,
            Deadline deadline) {
        deadline.check();
        return selection == null ? features
                : Within.reached(features, selection, measure, deadline).stream().map(Within.Hit::feature).toList();
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
