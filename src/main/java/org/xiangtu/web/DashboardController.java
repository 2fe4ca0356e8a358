package org.xiangtu.web;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import org.xiangtu.service.DashboardService;
import org.xiangtu.store.InvalidQueryException;

/** {@code /api/dashboard}: the cockpit's KPIs, charts and drill-down for the district, a town or a village. */
public final class DashboardController {
    private static final Set<String> PARAMS = Set.of("asOf", "year", "reach");
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
        Thread t = new Thread(() -> {
            try {
                dashboard.warm();
            } catch (RuntimeException e) {
                // the first request will try again and report the problem
            }
        }, "dashboard-warm-up");
        t.setDaemon(true);
        t.start();
    }

    public void district(Context ctx) {
        Json.write(ctx, dashboard.district(CurrentUser.role(ctx), options(ctx)));
    }

    public void town(Context ctx) {
        String code = ctx.pathParam("code");
        Json.write(ctx, dashboard.town(code, CurrentUser.role(ctx), options(ctx)).orElseThrow(() ->
                new NotFoundException("code", "There is no town or street with code '" + code + "'.")));
    }

    public void village(Context ctx) {
        String code = ctx.pathParam("code");
        Json.write(ctx, dashboard.village(code, CurrentUser.role(ctx), options(ctx)).orElseThrow(() ->
                new NotFoundException("code", "There is no village or community with code '" + code + "'.")));
    }

    private DashboardService.Options options(Context ctx) {
        Map<String, String> p = RequestParams.single(ctx.queryParamMap());
        for (String name : p.keySet()) {
            if (!PARAMS.contains(name)) {
                throw new InvalidQueryException(name, "unknown query parameter '" + name + "'; the dashboard takes "
                        + String.join(", ", PARAMS));
            }
        }
        LocalDate asOf = null;
        if (p.containsKey("asOf")) {
            try {
                asOf = LocalDate.parse(p.get("asOf"));
            } catch (DateTimeParseException e) {
                throw new InvalidQueryException("asOf", "asOf must be a date YYYY-MM-DD, not '" + p.get("asOf") + "'");
            }
        }
        Integer year = null;
        if (p.containsKey("year")) {
            long y = RequestParams.parseWhole("year", p.get("year"));
            if (y != (int) y) { // not cut to 32 bits: 4294969316 is not 2020
                throw new InvalidQueryException("year", "no income figures for year " + p.get("year"));
            }
            year = (int) y;
        }
        Double reach = null;
        if (p.containsKey("reach")) {
            try {
                reach = Double.parseDouble(p.get("reach"));
            } catch (NumberFormatException e) {
                throw new InvalidQueryException("reach", "reach must be a number of metres, not '" + p.get("reach") + "'");
            }
        }
        return dashboard.options(asOf, year, reach);
    }
}
