package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.edit.FieldLogs;
import org.xiangtu.store.FieldStore.WorkLog;

/**
 * The cadres' work logs ({@code /api/field/logs}): {@code POST} stores one (201, or 200 with the one stored
 * before under the same id); {@code GET} lists the cadre's own, newest first, {@code limit} (at most
 * {@link FieldLogs#MAX_PAGE}) from {@code offset}. Personal data: never cached.
 */
public final class FieldLogsController {
    private static final List<String> LOG_FIELDS = List.of("id", "household_code", "village_code", "kind", "at", "text");
    private final FieldLogs logs;

    public FieldLogsController(FieldLogs logs) {
        this.logs = logs;
    }

    public void list(Context ctx) {
        Map<String, String> p = RequestParams.only(ctx, List.of("limit", "offset"));
        int limit = RequestParams.parseLimit(p.get("limit"), FieldLogs.MAX_PAGE, FieldLogs.MAX_PAGE);
        int offset = RequestParams.parseOffset(p.get("offset"));
        List<Map<String, Object>> out = logs.logs(CurrentUser.name(ctx), limit, offset).stream()
                .map(FieldLogsController::describe).toList();
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, Map.of("logs", out, "limit", limit, "offset", offset));
    }

    public void add(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        RequestParams.onlyFields(body, LOG_FIELDS);
        FieldLogs.Request request = new FieldLogs.Request(Bodies.text(body, "id", 64),
                Bodies.optionalText(body, "household_code", 64), Bodies.optionalText(body, "village_code", 64),
                Bodies.text(body, "kind", 40), Bodies.text(body, "at", 64),
                Bodies.optionalMultiline(body, "text", FieldLogs.MAX_TEXT));
        FieldLogs.Result r = logs.add(CurrentUser.name(ctx), ctx.ip(), request);
        ctx.header("Cache-Control", "no-store");
        ctx.status(r.created() ? 201 : 200);
        Json.write(ctx, describe(r.log()));
    }

    private static Map<String, Object> describe(WorkLog l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("household_code", l.householdCode());
        m.put("village_code", l.villageCode());
        m.put("cadre", l.cadre());
        m.put("at", l.at());
        m.put("kind", l.kind());
        m.put("text", l.text());
        m.put("photos", l.photos());
        m.put("lon", l.lon());
        m.put("lat", l.lat());
        m.put("updated_at", l.updatedAt() == null ? null : l.updatedAt().toString());
        return m;
    }
}
