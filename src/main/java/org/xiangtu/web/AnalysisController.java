package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.service.AnalysisService;

/**
 * The planners' spatial questions: {@code POST /api/analysis/within} (what lies inside or within D
 * metres of a drawn geometry) and {@code POST /api/analysis/whatif} (what a proposed greenway segment
 * or water works would newly reach).
 */
public final class AnalysisController {
    /** Largest distance or reach, in metres. */
    static final double MAX_DISTANCE = 20_000;
    static final double GREENWAY_REACH = 1_000;
    static final double WATER_WORKS_REACH = 500;
    private static final Set<String> ANY = Set.of("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString",
            "MultiPolygon");

    private final AnalysisService analysis;

    public AnalysisController(AnalysisService analysis) {
        this.analysis = analysis;
    }

    public void within(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        only(body, List.of("geometry", "distance"));
        Geometry geometry = DrawnGeometry.read(body, "geometry", ANY);
        double distance = metres(body, "distance", 0, 0);
        Json.write(ctx, analysis.within(geometry, distance, CurrentUser.role(ctx)));
    }

    public void whatIf(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        only(body, List.of("kind", "geometry", "reach"));
        String kind = Bodies.text(body, "kind", 20);
        boolean greenway = kind.equals("greenway");
        if (!greenway && !kind.equals("water_works")) {
            throw ProblemException.badRequest("kind", "'kind' must be 'greenway' or 'water_works', not '" + kind + "'.");
        }
        Geometry geometry = DrawnGeometry.read(body, "geometry", Set.of(greenway ? "LineString" : "Point"));
        double reach = metres(body, "reach", greenway ? GREENWAY_REACH : WATER_WORKS_REACH, 1);
        Json.write(ctx, analysis.whatIf(kind, geometry, reach, CurrentUser.role(ctx)));
    }

    /** A distance in metres from {@code min} to {@link #MAX_DISTANCE}; {@code fallback} when absent. */
    private static double metres(JsonNode body, String field, double fallback, double min) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > MAX_DISTANCE) {
            throw ProblemException.badRequest(field, "'" + field + "' must be a number of metres from " + (int) min
                    + " to " + (int) MAX_DISTANCE + ".");
        }
        return v.asDouble();
    }

    private static void only(JsonNode body, List<String> allowed) {
        for (var it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ProblemException.badRequest(f, "'" + f + "' is not understood here (fields: "
                        + String.join(", ", allowed) + ").");
            }
        }
    }
}
