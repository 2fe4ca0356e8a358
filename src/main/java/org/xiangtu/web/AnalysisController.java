package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.analysis.Deadline;
import org.xiangtu.config.AppConfig;
import org.xiangtu.service.AnalysisService;

/**
 * The planners' spatial questions: {@code POST /api/analysis/within} (what lies inside or within D
 * metres of a drawn geometry) and {@code POST /api/analysis/whatif} (what a proposed greenway segment
 * or water works would newly reach). Drawings and distances are bounded by {@link DrawnGeometry}; the
 * work by the time budget ({@code analysis.timeBudgetMs}): past it, 503 naming the budget.
 */
public final class AnalysisController {
    static final double GREENWAY_REACH = 1_000;
    static final double WATER_WORKS_REACH = 500;

    private final AnalysisService analysis;
    private final AppConfig.Analysis limits;

    public AnalysisController(AnalysisService analysis, AppConfig.Analysis limits) {
        this.analysis = analysis;
        this.limits = limits;
    }

    public void within(Context ctx) {
        Deadline deadline = deadline(limits);
        JsonNode body = Bodies.json(ctx);
        RequestParams.onlyFields(body, List.of("geometry", "distance"));
        Geometry geometry = DrawnGeometry.read(body, "geometry", DrawnGeometry.ANY, limits);
        double distance = DrawnGeometry.metres(body, "distance", 0, 0, limits);
        Json.write(ctx, analysis.within(geometry, distance, CurrentUser.role(ctx), deadline));
    }

    public void whatIf(Context ctx) {
        Deadline deadline = deadline(limits);
        JsonNode body = Bodies.json(ctx);
        RequestParams.onlyFields(body, List.of("kind", "geometry", "reach"));
        String kind = Bodies.text(body, "kind", 20);
        boolean greenway = kind.equals("greenway");
        if (!greenway && !kind.equals("water_works")) {
            throw ProblemException.badRequest("kind", "'kind' must be 'greenway' or 'water_works', not '" + kind + "'.");
        }
        Geometry geometry = DrawnGeometry.read(body, "geometry", Set.of(greenway ? "LineString" : "Point"), limits);
        double reach = DrawnGeometry.metres(body, "reach", greenway ? GREENWAY_REACH : WATER_WORKS_REACH, 1, limits);
        Json.write(ctx, analysis.whatIf(kind, geometry, reach, CurrentUser.role(ctx), deadline));
    }

    /** The time budget of one analysis or export request, from now ({@code analysis.timeBudgetMs}). */
    static Deadline deadline(AppConfig.Analysis limits) {
        return Deadline.in(limits.timeBudgetMs(), "analysis.timeBudgetMs");
    }
}
