package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.edit.HouseholdReviews;
import org.xiangtu.edit.HouseholdUpdates;
import org.xiangtu.store.HouseholdChangeStore;
import org.xiangtu.store.HouseholdChangeStore.Review;

/**
 * Household updates and their review queue over HTTP. A cadre posts an update of one of their
 * households ({@code POST /api/field/households/{code}/updates}: 201 with what it did, or 200 with the
 * same answer when the update was stored before). A review is household data: leaders and
 * administrators list it with its values ({@code GET /api/reviews?status=open|resolved}) and resolve it
 * ({@code POST /api/reviews/{id}/resolve}, 409 when it was resolved before); planners, whose routes reach
 * these, are refused them (403) and get only the open reviews per village
 * ({@code GET /api/reviews/by-village}). Never cached.
 */
public final class HouseholdUpdatesController {
    private final HouseholdUpdates updates;
    private final HouseholdReviews reviews;
    private final Map<String, FieldDef> fields = new LinkedHashMap<>();

    public HouseholdUpdatesController(Catalog catalog, HouseholdUpdates updates, HouseholdReviews reviews) {
        this.updates = updates;
        this.reviews = reviews;
        catalog.layer("households").ifPresent(l -> l.fields().forEach(f -> fields.put(f.name(), f)));
    }

    public void update(Context ctx) {
        HouseholdUpdates.Result r = updates.update(CurrentUser.name(ctx), ctx.ip(), request(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.merged().id());
        out.put("version", r.merged().version());
        out.put("applied", r.merged().applied());
        out.put("review", r.merged().reviews().stream().map(v -> Map.of("id", v.id(), "field", v.field())).toList());
        out.put("household", FieldController.feature(r.household(), r.version()));
        ctx.header("Cache-Control", "no-store");
        ctx.status(r.created() ? 201 : 200);
        Json.write(ctx, out);
    }

    public void mine(Context ctx) {
        Map<String, String> q = RequestParams.only(ctx, List.of("since"));
        java.time.Instant now = updates.now();
        List<Map<String, Object>> out = updates.mine(CurrentUser.name(ctx), q.get("since")).stream()
                .map(HouseholdUpdatesController::status).toList();
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, Map.of("updates", out, "now", now.toString()));
    }

    /** One of the cadre's updates: each field it named that was applied or sent to review, and the review's outcome. */
    private static Map<String, Object> status(HouseholdChangeStore.UpdateStatus u) {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (String f : u.applied()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", f);
            m.put("status", "applied");
            fields.add(m);
        }
        for (Review r : u.reviews()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", r.field());
            m.put("status", "open".equals(r.status()) ? "review" : "proposed".equals(r.resolution()) ? "accepted"
                    : "rejected");
            m.put("review_id", r.id());
            m.put("resolved_at", r.resolvedAt() == null ? null : r.resolvedAt().toString());
            fields.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("household_code", u.householdCode());
        m.put("at", u.at());
        m.put("stored_at", u.storedAt().toString());
        m.put("version", u.version());
        m.put("fields", fields);
        return m;
    }

    /** The update in the body: {@code {id, base_version, at, changes}}, each checked for its shape. */
    private static HouseholdUpdates.Request request(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        RequestParams.onlyFields(body, List.of("id", "base_version", "at", "changes"));
        JsonNode base = body.get("base_version");
        if (base == null || !base.isIntegralNumber() || !base.canConvertToLong()) {
            throw ProblemException.badRequest("base_version", "'base_version' must be the household's version the "
                    + "change was made on (a whole number).");
        }
        JsonNode changes = body.get("changes");
        if (changes == null || !changes.isObject()) {
            throw ProblemException.badRequest("changes", "'changes' must be an object of field → new value.");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        changes.fields().forEachRemaining(e -> values.put(e.getKey(), scalar(e.getValue())));
        return new HouseholdUpdates.Request(Bodies.text(body, "id", 64), ctx.pathParam("code"), base.asLong(),
                Bodies.text(body, "at", 64), values);
    }

    public void list(Context ctx) {
        mayReadHouseholds(ctx);
        Map<String, String> q = RequestParams.only(ctx, List.of("status"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Review r : reviews.list(q.getOrDefault("status", "open"))) {
            out.add(describe(r));
        }
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, Map.of("reviews", out));
    }

    public void byVillage(Context ctx) {
        RequestParams.only(ctx, List.of());
        List<Map<String, Object>> out = new ArrayList<>();
        reviews.openByVillage().forEach((village, n) -> out.add(Map.of("village_code", village, "open", n)));
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, Map.of("villages", out));
    }

    public void resolve(Context ctx) {
        mayReadHouseholds(ctx);
        JsonNode body = Bodies.json(ctx);
        RequestParams.onlyFields(body, List.of("choice"));
        HouseholdChangeStore.Resolution r = reviews.resolve(ctx.pathParam("id"), Bodies.text(body, "choice", 16),
                CurrentUser.name(ctx), ctx.ip());
        if (r instanceof HouseholdChangeStore.NoSuchReview) {
            throw new ProblemException(404, null, "There is no review with this id.");
        }
        if (r instanceof HouseholdChangeStore.AlreadyResolved a) {
            throw new ProblemException(409, null, "This review was resolved already (" + a.review().resolution()
                    + ", by " + a.review().resolvedBy() + ").");
        }
        HouseholdChangeStore.Resolved done = (HouseholdChangeStore.Resolved) r;
        Map<String, Object> out = describe(done.review());
        out.put("version", done.version());
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, out);
    }

    /** Reviews hold household data: only the roles that may see households (leaders, administrators). */
    private static void mayReadHouseholds(Context ctx) {
        if (!Visibility.HOUSEHOLD.isVisibleTo(CurrentUser.role(ctx))) {
            throw new ProblemException(403, null, "Reviews hold household data, which your role may not see; "
                    + "GET /api/reviews/by-village tells how many wait in each village.");
        }
    }

    private Map<String, Object> describe(Review r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("household_code", r.householdCode());
        m.put("village_code", r.villageCode());
        m.put("field", r.field());
        FieldDef def = fields.get(r.field());
        m.put("field_title", def == null ? null : Map.of("zh", def.title().zh(), "en", def.title().en()));
        m.put("base_value", r.baseValue());
        m.put("current_value", r.currentValue());
        m.put("proposed_value", r.proposedValue());
        m.put("cadre", r.cadre());
        m.put("at", r.at());
        m.put("status", r.status());
        m.put("resolution", r.resolution());
        m.put("resolved_by", r.resolvedBy());
        m.put("resolved_at", r.resolvedAt() == null ? null : r.resolvedAt().toString());
        return m;
    }

    /** A JSON scalar as a Java value ({@code String}, {@code Long}, {@code Double}); anything else as its JSON text, which no field accepts. */
    private static Object scalar(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isFloatingPointNumber()) {
            return v.asDouble();
        }
        return v.isNull() ? null : new StringBuilder(v.toString());
    }
}
