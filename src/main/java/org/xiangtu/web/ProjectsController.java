package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.catalog.Role;
import org.xiangtu.edit.ProjectEdits;
import org.xiangtu.service.LayerService;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeaturePage;

/**
 * A project with its history ({@code GET /api/projects/{id}}, ETag) and planners' progress
 * updates ({@code PATCH /api/projects/{id}} with {@code If-Match}).
 */
public final class ProjectsController {
    static final int MAX_NOTE = 2_000;
    private static final List<String> FIELDS = List.of("status", "progress_pct", "note");
    private final LayerService layers;
    private final ProjectEdits edits;

    public ProjectsController(LayerService layers, ProjectEdits edits) {
        this.layers = layers;
        this.edits = edits;
    }

    public void project(Context ctx) {
        String id = ctx.pathParam("id");
        Role role = CurrentUser.role(ctx);
        Feature project = layers.feature("projects", id, role).orElseThrow(() ->
                new NotFoundException("id", "There is no project '" + id + "'."));
        edits.etag(id).ifPresent(etag -> ctx.header("ETag", etag));
        ctx.header("Cache-Control", "no-cache");
        Json.write(ctx, describe(project, history(id, role)));
    }

    public void update(Context ctx) {
        String id = ctx.pathParam("id");
        String ifMatch = ctx.header("If-Match");
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(428, "If-Match", "Send the project's ETag (from GET /api/projects/" + id
                    + ") in If-Match, so that a change made meanwhile by somebody else is not overwritten.");
        }
        JsonNode body = Bodies.json(ctx);
        RequestParams.onlyFields(body, FIELDS);
        ProjectEdits.Change change = new ProjectEdits.Change(Bodies.optionalText(body, "status", 40),
                Bodies.optionalNumber(body, "progress_pct"), Bodies.optionalMultiline(body, "note", MAX_NOTE));
        ProjectEdits.Result r = edits.update(id, ifMatch.trim(), change, CurrentUser.name(ctx), ctx.ip());
        ctx.header("ETag", r.etag());
        Feature project = layers.feature("projects", id, CurrentUser.role(ctx)).orElseThrow();
        Json.write(ctx, describe(project, history(id, CurrentUser.role(ctx))));
    }

    private List<Feature> history(String id, Role role) {
        FeaturePage page = layers.features("project_updates", role, null, Map.of("project_id", id), 10_000, 0);
        List<Feature> out = new ArrayList<>(page.features());
        out.sort(Comparator.comparing((Feature f) -> String.valueOf(f.properties().get("at")))
                .thenComparing(f -> String.valueOf(f.properties().get("updated_at"))));
        return out;
    }

    private static Map<String, Object> describe(Feature project, List<Feature> history) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", project.id());
        m.put("properties", project.properties());
        List<Map<String, Object>> h = new ArrayList<>();
        for (Feature f : history) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", f.id());
            e.putAll(f.properties());
            h.add(e);
        }
        m.put("history", h);
        return m;
    }
}
