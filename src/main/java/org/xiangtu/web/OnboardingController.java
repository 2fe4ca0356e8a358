package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xiangtu.edit.onboarding.LayerMapping;
import org.xiangtu.edit.onboarding.Onboarding;
import org.xiangtu.service.OnboardingService;
import org.xiangtu.store.LayerVersionStore;

/**
 * Onboarding a catalogue layer (admins only, issue 18): {@code POST /api/onboarding/preview} and
 * {@code POST /api/onboarding/apply} (multipart: {@code file} — or, without it, {@code source}, a planner
 * layer's id — {@code target}, optional {@code mapping} JSON —
 * required to apply — optional {@code base} from the preview, and the upload's reading options),
 * {@code GET /api/onboarding/{layer}/versions}, {@code POST /api/onboarding/{layer}/rollback} with
 * {@code {"version": n}}. Refusals are problem+json naming the field ({@code Onboarding.Refused},
 * {@code UploadException}).
 */
public final class OnboardingController {
    private final OnboardingService onboarding;

    public OnboardingController(OnboardingService onboarding) {
        this.onboarding = onboarding;
    }

    public void preview(Context ctx) throws IOException {
        OnboardingService.Upload upload = upload(ctx);
        String target = Bodies.form(ctx, "target", 100);
        Json.write(ctx, onboarding.preview(upload, target, mapping(ctx)));
    }

    public void apply(Context ctx) throws IOException {
        OnboardingService.Upload upload = upload(ctx);
        String target = Bodies.form(ctx, "target", 100);
        String base = Bodies.form(ctx, "base", 100);
        Onboarding.Applied a = onboarding.apply(upload, target, mapping(ctx), base, CurrentUser.name(ctx), ctx.ip());
        Json.write(ctx, a);
    }

    public void versions(Context ctx) {
        String layer = ctx.pathParam("layer");
        ctx.header("Cache-Control", "no-cache");
        Json.write(ctx, Map.of("layer", layer, "versions", onboarding.versions(layer).stream()
                .map(OnboardingController::version).toList()));
    }

    public void rollback(Context ctx) {
        String layer = ctx.pathParam("layer");
        JsonNode version = Bodies.json(ctx).get("version");
        if (version == null || !version.canConvertToLong() || !version.isIntegralNumber() || version.asLong() < 1) {
            throw ProblemException.badRequest("version", "Send {\"version\": n}, n a version of the layer (from 1).");
        }
        long now = onboarding.rollback(layer, version.asLong(), CurrentUser.name(ctx), ctx.ip());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("layer", layer);
        body.put("version", now);
        body.put("restored", version.asLong());
        Json.write(ctx, body);
    }

    /** The {@code mapping} form field: JSON, line breaks allowed; null when absent or blank. */
    private static LayerMapping mapping(Context ctx) {
        String text = ctx.formParam("mapping");
        if (text != null && text.length() > Bodies.MAX_JSON) {
            throw ProblemException.badRequest("mapping", "'mapping' is longer than " + Bodies.MAX_JSON + " characters.");
        }
        return OnboardingService.mapping(Texts.multiline("mapping", text));
    }

    private static Map<String, Object> version(LayerVersionStore.Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("action", v.action());
        m.put("at", v.at().toString());
        m.put("actor", v.actor());
        m.put("rolledBackTo", v.rolledBackTo());
        m.put("written", v.written());
        m.put("removed", v.removed());
        m.put("kept", v.kept());
        return m;
    }

    /** The {@code file} part, or without one (or with an empty one) a planner layer's id in {@code source}. */
    private static OnboardingService.Upload upload(Context ctx) {
        String source = Bodies.form(ctx, "source", 100);
        UploadedFile part = ctx.uploadedFile("file");
        if (source != null && !source.isBlank() && (part == null || part.size() == 0)) {
            return OnboardingService.Upload.ofPlannerLayer(source.strip());
        }
        UploadedFile file = Bodies.filePart(ctx, "file", PlannerLayersController.LIMITS.maxBytes());
        return new OnboardingService.Upload(Bodies.fileName(file, "file"), file::content,
                PlannerLayersController.options(ctx), null);
    }
}
