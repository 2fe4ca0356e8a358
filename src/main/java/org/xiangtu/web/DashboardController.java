package org.xiangtu.web;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.xiangtu.service.DashboardService;

/** {@code /api/dashboard}: the cockpit's KPIs, charts and drill-down for the district, a town or a village. */
public final class DashboardController {
    private static final List<String> PARAMS = List.of("asOf", "year", "reach");
    private final DashboardService dashboard;

    public DashboardController(DashboardService dashboard) {
        this.dashboard = dashboard;
    }

    /** The service behind the routes (for tests and operations). */
    public DashboardService service() {
        return dashboard;
    }

    /** Does the dashboard's one-off data and geometry work in the background, so the first visitor need not wait. */
    public void warmInBackground() {
        dashboard.warmInBackground();
    }

    public void district(Context ctx) {
        Json.write(ctx, dashboard.district(CurrentUser.role(ctx), options(ctx)));
    }

    public void town(Context ctx) {
        String code = ctx.pathParam("code");
        Json.write(ctx, dashboard.town(code, CurrentUser.role(ctx), options(ctx)).orElseThrow(() ->
                new NotFoundException("code", "There is no town or subdistrict with code '" + code + "'.")));
    }

    public void village(Context ctx) {
        String code = ctx.pathParam("code");
        Json.write(ctx, dashboard.village(code, CurrentUser.role(ctx), options(ctx)).orElseThrow(() ->
                new NotFoundException("code", "There is no village or community with code '" + code + "'.")));
    }

    private DashboardService.Options options(Context ctx) {
        Map<String, String> p = RequestParams.only(ctx, PARAMS);
        return dashboard.options(RequestParams.parseDate("asOf", p.get("asOf")),
                RequestParams.parseInt("year", p.get("year")), RequestParams.parseNumber("reach", p.get("reach"), "metres"));
    }
}
