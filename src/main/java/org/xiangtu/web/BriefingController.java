package org.xiangtu.web;

import io.javalin.http.Context;
import java.util.Map;
import org.xiangtu.briefing.Briefings;

/** {@code GET /api/briefing}: a briefing pack (PDF) of the district or a town, for the reader's role. */
public final class BriefingController {
    private final Briefings briefings;
    private final String publicUrl;

    public BriefingController(Briefings briefings, String publicUrl) {
        this.briefings = briefings;
        this.publicUrl = publicUrl;
    }

    public void pack(Context ctx) {
        Map<String, String> p = RequestParams.only(ctx, Briefings.PARAMS);
        Briefings.Request r = briefings.request(p.get("scope"), RequestParams.parseDate("asOf", p.get("asOf")),
                RequestParams.parseInt("year", p.get("year")), p.get("pages"), p.get("theme"), p.get("lang"));
        byte[] pdf = briefings.make(r, CurrentUser.role(ctx), ServerAddress.of(ctx, publicUrl) + "/");
        ctx.header("Content-Disposition", "attachment; filename=\"" + Briefings.filename(r) + "\"");
        ctx.header("Cache-Control", "private, no-store");
        ctx.contentType("application/pdf").result(pdf);
    }
}
