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
        for (var it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!List.of("status", "progress_pct", "note").contains(f)) {
                throw ProblemException.badRequest(f, "'" + f + "' cannot be changed here (fields: status, progress_pct, note).");
            }
        }
        String status = Bodies.optionalText(body, "status", 40);
        if (status != null && !edits.statuses().contains(status)) {
            throw ProblemException.badRequest("status", "'status' must be one of " + edits.statuses() + ", not '"
                    + status + "'.");
        }
        Double progress = null;
        JsonNode p = body.get("progress_pct");
        if (p != null && !p.isNull()) {
            if (!p.isNumber() || !Double.isFinite(p.asDouble()) || p.asDouble() < 0 || p.asDouble() > 100) {
                throw ProblemException.badRequest("progress_pct", "'progress_pct' must be a number from 0 to 100.");
            }
            progress = p.asDouble();
        }
        String note = Bodies.optionalMultiline(body, "note", MAX_NOTE);
        if (status == null && progress == null && note == null) {
            throw ProblemException.badRequest("body", "Nothing to change: give status, progress_pct or note.");
        }
        if ("done".equals(status) && progress != null && progress < 100) {
            throw ProblemException.badRequest("progress_pct", "A project marked done has progress_pct 100.");
        }
        if ("done".equals(status) && progress == null) {
            progress = 100.0;
        }
        try {
            ProjectEdits.Result r = edits.update(id, ifMatch.trim(), new ProjectEdits.Change(status, progress, note),
                    CurrentUser.name(ctx), ctx.ip());
            ctx.header("ETag", r.etag());
            Feature project = layers.feature("projects", id, CurrentUser.role(ctx)).orElseThrow();
            Json.write(ctx, describe(project, history(id, CurrentUser.role(ctx))));
        } catch (ProjectEdits.InvalidChange e) {
            throw ProblemException.badRequest(e.field(), e.getMessage());
        } catch (ProjectEdits.Conflict e) {
            throw new ProblemException(412, "If-Match", e.getMessage(), Map.of("ETag", e.current()));
        } catch (java.util.NoSuchElementException e) {
            throw new NotFoundException("id", e.getMessage());
        }
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
