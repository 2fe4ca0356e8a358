package org.xiangtu.web;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.xiangtu.analysis.WatchFigures;
import org.xiangtu.analysis.WatchFigures.Scope;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.service.WatchSummaries;

/**
 * The relapse watch's summary for the cockpit and the wall screen ({@code GET /api/watch/summary?scope=&asOf=},
 * docs/relapse-watch.md "Watch view"): {@code scope} the district (default), a town's code or a village's;
 * {@code asOf} a day (default: today in the county). Leaders and administrators (household data) get every
 * figure of {@link WatchFigures#leader} on any day; anyone else the counts of households of
 * {@link WatchFigures#counts} as of today only (asOf is ignored for them), none about fewer than five. The
 * figures are kept between changes of the watch ({@link WatchSummaries}); the answers are never cached by
 * browsers or proxies ({@code no-store}): the records change as cadres verify.
 */
public final class WatchSummaryController {
    private final WatchSummaries summaries;

    public WatchSummaryController(WatchSummaries summaries) {
        this.summaries = summaries;
    }

    public void summary(Context ctx) {
        Map<String, String> p = RequestParams.only(ctx, List.of("scope", "asOf"));
        LocalDate asOf = RequestParams.parseDate("asOf", p.get("asOf"));
        boolean households = Visibility.HOUSEHOLD.isVisibleTo(CurrentUser.role(ctx));
        // the public's counts are today's only: two past dates and a month's entries would give away how many
        // (perhaps fewer than five) left monitoring in between
        asOf = asOf == null || !households ? summaries.today() : asOf;
        WatchSummaries.Snapshot s = summaries.snapshot();
        Scope scope = scope(s.data(), p.get("scope"), s.districtName());
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, s.figures(households, scope, asOf));
    }

    /** The district, a town (its 12-digit code, or the 9 digits before {@code 000}) or a village. */
    static Scope scope(WatchFigures.Data data, String raw, String districtName) {
        if (raw == null || raw.isBlank() || raw.equals(WatchFigures.DISTRICT)) {
            return new Scope(WatchFigures.DISTRICT, null, districtName);
        }
        String town = raw.matches("\\d{9}") ? raw + "000" : raw;
        if (data.towns().containsKey(town)) {
            return new Scope("town", town, data.towns().get(town).name());
        }
        if (data.villages().containsKey(raw)) {
            return new Scope("village", raw, data.villages().get(raw).name());
        }
        throw ProblemException.badRequest("scope", "'scope' must be district, a town's code (9 digits) or a village's "
                + "code (12 digits) of the county.");
    }
}
