package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.analysis.Deadline;
import org.xiangtu.config.AppConfig;
import org.xiangtu.io.export.ExportFormat;
import org.xiangtu.service.ExportService;

/**
 * Exports for signed-in users ({@link ExportService}): {@code GET /api/export?layer=…&format=…[&bbox=…][&field=value…]}
 * for plain downloads; {@code POST /api/export} with {@code {"layer", "format", "filters", "geometry", "distance"}}
 * for a drawn selection. The drawing and distance are bounded as for the planners' questions
 * ({@link DrawnGeometry}); the work has the time budget {@code analysis.timeBudgetMs} (503 past it).
 */
public final class ExportController {
    private static final List<String> FIELDS = List.of("layer", "format", "filters", "geometry", "distance");
    private final ExportService exports;
    private final AppConfig.Analysis limits;

    public ExportController(ExportService exports, AppConfig.Analysis limits) {
        this.exports = exports;
        this.limits = limits;
    }

    public void download(Context ctx) {
        Deadline deadline = AnalysisController.deadline(limits);
        Map<String, String> p = new LinkedHashMap<>(RequestParams.single(ctx.queryParamMap()));
        String layer = required(p.remove("layer"), "layer");
        ExportFormat format = format(p.remove("format"));
        String bbox = p.remove("bbox");
        send(ctx, new ExportService.Request(layer, format, p, RequestParams.parseBbox(bbox), null, 0), deadline);
    }

    public void selection(Context ctx) {
        Deadline deadline = AnalysisController.deadline(limits);
        JsonNode body = Bodies.json(ctx);
        RequestParams.onlyFields(body, FIELDS);
        String layer = Bodies.text(body, "layer", 100);
        ExportFormat format = format(Bodies.text(body, "format", 20));
        Map<String, String> filters = Bodies.optionalTextMap(body, "filters");
        JsonNode g = body.get("geometry");
        Geometry zone = g == null || g.isNull() ? null : DrawnGeometry.read(body, "geometry", DrawnGeometry.ANY, limits);
        double distance = DrawnGeometry.metres(body, "distance", 0, 0, limits);
        send(ctx, new ExportService.Request(layer, format, filters, null, zone, distance), deadline);
    }

    private void send(Context ctx, ExportService.Request request, Deadline deadline) {
        ExportService.File file = exports.export(request, CurrentUser.role(ctx), CurrentUser.name(ctx), ctx.ip(),
                deadline);
        ctx.header("Content-Disposition", file.contentDisposition());
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(file.contentType()).result(file.bytes());
    }

    private static ExportFormat format(String raw) {
        String s = required(raw, "format");
        return ExportFormat.parse(s).orElseThrow(() -> ProblemException.badRequest("format",
                "'format' must be geojson, gpkg, csv or shp, not '" + s + "'."));
    }

    private static String required(String v, String name) {
        if (v == null || v.isBlank()) {
            throw ProblemException.badRequest(name, "'" + name + "' is required.");
        }
        return v;
    }
}
