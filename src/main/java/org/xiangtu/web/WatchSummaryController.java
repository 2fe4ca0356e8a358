package org.xiangtu.web;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.analysis.WatchFigures;
import org.xiangtu.analysis.WatchFigures.Scope;
import org.xiangtu.analysis.WatchFigures.Unit;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.WatchStore;

/**
 * The relapse watch's summary for the cockpit and the wall screen ({@code GET /api/watch/summary?scope=&asOf=},
 * docs/relapse-watch.md "Watch view"): {@code scope} the district (default), a town's code or a village's;
 * {@code asOf} a day (default: today in the county). Leaders and administrators (household data) get every
 * figure of {@link WatchFigures#leader} on any day; anyone else the counts of households of
 * {@link WatchFigures#counts} as of today only (asOf is ignored for them), none about fewer than five. Never
 * cached: the records change as cadres verify.
 */
public final class WatchSummaryController {
    private static final int MAX_RECORDS = 10_000_000;
    private final Catalog catalog;
    private final FeatureStore features;
    private final WatchStore store;

    public WatchSummaryController(Catalog catalog, FeatureStore features, WatchStore store) {
        this.catalog = catalog;
        this.features = features;
        this.store = store;
    }

    public void summary(Context ctx) {
        Map<String, String> p = RequestParams.only(ctx, List.of("scope", "asOf"));
        LocalDate asOf = RequestParams.parseDate("asOf", p.get("asOf"));
        boolean households = Visibility.HOUSEHOLD.isVisibleTo(CurrentUser.role(ctx));
        // the public's counts are today's only: two past dates and a month's entries would give away how many
        // (perhaps fewer than five) left monitoring in between
        asOf = asOf == null || !households ? LocalDate.now(WatchStore.ZONE) : asOf;
        WatchFigures.Data data = data();
        Scope scope = scope(data, p.get("scope"), districtName());
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, households ? WatchFigures.leader(data, scope, asOf) : WatchFigures.counts(data, scope, asOf));
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

    private WatchFigures.Data data() {
        return new WatchFigures.Data(store.alerts(new WatchStore.AlertQuery(null, null, null, null, MAX_RECORDS, 0)),
                store.monitoring(null, false), units("towns", null), units("villages", "town_code"), catalog.watch(),
                WatchStore.ZONE);
    }

    private String districtName() {
        return features.features("district", FeatureQuery.all(List.of("name"), 1)).features().stream()
                .map(f -> (String) f.properties().get("name")).findFirst().orElse(null);
    }

    private Map<String, Unit> units(String layer, String parent) {
        Map<String, Unit> out = new LinkedHashMap<>();
        List<String> fields = parent == null ? List.of("code", "name") : List.of("code", "name", parent);
        for (Feature f : features.features(layer, FeatureQuery.all(fields, MAX_RECORDS)).features()) {
            String code = (String) f.properties().get("code");
            out.put(code, new Unit(code, (String) f.properties().get("name"),
                    parent == null ? null : (String) f.properties().get(parent)));
        }
        return out;
    }
}
