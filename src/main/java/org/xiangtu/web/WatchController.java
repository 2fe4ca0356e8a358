package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.edit.RelapseWatch;
import org.xiangtu.store.WatchStore;
import org.xiangtu.store.WatchStore.Alert;
import org.xiangtu.store.WatchStore.AlertQuery;
import org.xiangtu.store.WatchStore.Monitoring;

/**
 * The relapse watch's routes (docs/relapse-watch.md). Cadres: their tasks ({@code GET /api/field/alerts})
 * and verifications ({@code POST /api/field/alerts/{id}/verify}). Leaders and administrators (household
 * data; planners, whose role reaches these routes, get 403): alerts and monitoring by village, department
 * lists ({@code POST /api/watch/lists}, multipart {@code file} + {@code source}), the end of a household's
 * monitoring; administrators run the rules on every household now ({@code POST /api/watch/run}). Never cached.
 */
public final class WatchController {
    /** Largest department list accepted. */
    static final long MAX_LIST_BYTES = 5L << 20;
    private static final int MAX_PAGE = 5_000;
    private final RelapseWatch watch;
    private final WatchStore store;
    private final AutoCloseable nightly;
    private final org.xiangtu.service.WatchReachService reach;
    private final org.xiangtu.config.AppConfig.Analysis limits;

    /** Starts the nightly run of the rules at 02:00 county time (stopped by {@link #close}). */
    public WatchController(RelapseWatch watch, WatchStore store, org.xiangtu.service.WatchReachService reach,
            org.xiangtu.config.AppConfig.Analysis limits) {
        this.watch = watch;
        this.store = store;
        this.reach = reach;
        this.limits = limits;
        this.nightly = watch.nightly(java.time.LocalTime.of(2, 0));
    }

    /** Households at risk farther than {@code distance} metres from a public layer, counted by town (withheld under 5). */
    public void reach(Context ctx) {
        org.xiangtu.analysis.Deadline deadline = AnalysisController.deadline(limits);
        Map<String, String> p = RequestParams.only(ctx, List.of("layer", "distance"));
        Double distance = RequestParams.parseNumber("distance", p.getOrDefault("distance", "1000"), "m");
        if (!(distance >= 0 && distance <= limits.maxDistanceM())) {
            throw ProblemException.badRequest("distance", "'distance' must be 0 to " + limits.maxDistanceM()
                    + " metres (analysis.maxDistanceM).");
        }
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, reach.reach(p.get("layer"), distance, CurrentUser.role(ctx), deadline));
    }

    /** Stops the nightly run. */
    public void close() {
        try {
            nightly.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void tasks(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, Map.of("alerts", watch.tasks(CurrentUser.name(ctx)).stream().map(a -> {
            Map<String, Object> m = describe(a);
            m.put("title", watch.titleOf(a.rule()));
            m.put("tier_title", watch.tierTitle(a.tier()));
            m.put("overdue", watch.overdue(a));
            return m;
        }).toList()));
    }

    public void verify(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        RequestParams.onlyFields(body, List.of("confirmed", "note", "visit_id"));
        if (!body.path("confirmed").isBoolean()) {
            throw ProblemException.badRequest("confirmed", "'confirmed' must be true (the risk is real: the household "
                    + "enters monitoring) or false (not confirmed).");
        }
        WatchStore.Closed c = watch.verify(CurrentUser.name(ctx), ctx.ip(), ctx.pathParam("id"),
                body.get("confirmed").asBoolean(), Bodies.optionalMultiline(body, "note", RelapseWatch.MAX_TEXT),
                Bodies.optionalText(body, "visit_id", 64));
        Map<String, Object> out = describe(c.alert());
        out.put("monitoring", c.monitoring().map(WatchController::describe).orElse(null));
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, out);
    }

    public void alerts(Context ctx) {
        mayReadHouseholds(ctx);
        Map<String, String> p = RequestParams.only(ctx, List.of("village", "household", "status", "limit", "offset"));
        String status = p.get("status");
        if (status != null && !List.of(WatchStore.OPEN, WatchStore.CONFIRMED, WatchStore.NOT_CONFIRMED).contains(status)) {
            throw ProblemException.badRequest("status", "'status' must be open, confirmed or not_confirmed.");
        }
        int limit = RequestParams.parseLimit(p.get("limit"), 1000, MAX_PAGE);
        int offset = RequestParams.parseOffset(p.get("offset"));
        List<Alert> page = store.alerts(new AlertQuery(null, p.get("village"), p.get("household"), status, limit, offset));
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, Map.of("alerts", page.stream().map(WatchController::describe).toList(), "limit", limit,
                "offset", offset));
    }

    public void monitoring(Context ctx) {
        mayReadHouseholds(ctx);
        Map<String, String> p = RequestParams.only(ctx, List.of("village", "current"));
        boolean current = !"false".equals(p.get("current"));
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, Map.of("monitoring", store.monitoring(p.get("village"), current).stream()
                .map(WatchController::describe).toList()));
    }

    public void endMonitoring(Context ctx) {
        mayReadHouseholds(ctx);
        JsonNode body = Bodies.json(ctx);
        RequestParams.onlyFields(body, List.of("reason"));
        watch.endMonitoring(CurrentUser.name(ctx), ctx.ip(), ctx.pathParam("code"),
                Bodies.optionalMultiline(body, "reason", RelapseWatch.MAX_TEXT));
        ctx.status(204);
    }

    public void importList(Context ctx) {
        mayReadHouseholds(ctx);
        UploadedFile file = Bodies.filePart(ctx, "file", MAX_LIST_BYTES);
        RelapseWatch.ListImport r = watch.importList(Bodies.form(ctx, "source", 64), bytes(file),
                CurrentUser.name(ctx), ctx.ip());
        ctx.header("Cache-Control", "no-store");
        ctx.status(r.opened().isEmpty() ? 200 : 201);
        Json.write(ctx, Map.of("source", r.source(), "encoding", r.encoding(), "lines", r.lines(),
                "opened", r.opened().stream().map(WatchController::describe).toList(),
                "already_open", r.alreadyOpen(), "unknown", r.unknown(), "problems", r.problems()));
    }

    public void run(Context ctx) {
        RelapseWatch.Run r = watch.runAll(CurrentUser.name(ctx));
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, Map.of("checked", r.checked(), "hits", r.hits(), "opened", r.opened()));
    }

    /** The list's bytes; a list over {@link #MAX_LIST_BYTES} is refused whole (never read in part). */
    private static byte[] bytes(UploadedFile file) {
        byte[] bytes;
        try (InputStream in = file.content()) {
            bytes = in.readNBytes((int) MAX_LIST_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAX_LIST_BYTES) {
            throw new ProblemException(413, "file", "The list is larger than " + (MAX_LIST_BYTES >> 20)
                    + " MB; send it in parts.");
        }
        return bytes;
    }

    /** Alerts and monitoring hold household data: only the roles that may see households. */
    private static void mayReadHouseholds(Context ctx) {
        if (!Visibility.HOUSEHOLD.isVisibleTo(CurrentUser.role(ctx))) {
            throw new ProblemException(403, null, "The relapse watch's records are household data, which your role "
                    + "may not see.");
        }
    }

    static Map<String, Object> describe(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("rule", a.rule());
        m.put("household_code", a.householdCode());
        m.put("village_code", a.villageCode());
        m.put("cadre", a.cadre());
        m.put("tier", a.tier());
        m.put("actor", a.actor());
        m.put("opened_at", a.openedAt().toString());
        m.put("due_on", a.dueOn().toString());
        m.put("reason", a.reason());
        m.put("status", a.status());
        m.put("closed_at", a.closedAt() == null ? null : a.closedAt().toString());
        m.put("closed_by", a.closedBy());
        m.put("visit_id", a.visitId());
        m.put("note", a.note());
        return m;
    }

    static Map<String, Object> describe(Monitoring mo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("household_code", mo.householdCode());
        m.put("village_code", mo.villageCode());
        m.put("since", mo.since().toString());
        m.put("alert_id", mo.alertId());
        m.put("measure", mo.measure());
        m.put("ended_on", mo.endedOn() == null ? null : mo.endedOn().toString());
        m.put("end_reason", mo.endReason());
        m.put("ended_by", mo.endedBy());
        return m;
    }
}
