package org.xiangtu.briefing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.Role;
import org.xiangtu.service.DashboardService;
import org.xiangtu.store.Feature;
import org.xiangtu.store.InvalidQueryException;

/**
 * Briefing packs: a PDF per scope — the district (a cover and a page per town) or a town (a cover and a page
 * per village) — made from the same analysis as {@code /api/dashboard}, for the same date and income year and
 * the reader's role (figures the role may not see are withheld as the cockpit withholds them). A pack takes a
 * core for a second or more, so at most {@code atOnce} are made at a time; a request beyond that is refused
 * at once ({@link Busy}, answered 429 with {@code Retry-After}) rather than queued. Thread-safe.
 */
public final class Briefings {
    /** The query parameters of {@code /api/briefing}. */
    public static final List<String> PARAMS = List.of("scope", "asOf", "year", "pages", "theme", "lang");
    private final Catalog catalog;
    private final DashboardService dashboard;
    private final Semaphore permits;
    private volatile long lastMillis = 2_000;

    public Briefings(Catalog catalog, DashboardService dashboard, int atOnce) {
        this.catalog = catalog;
        this.dashboard = dashboard;
        this.permits = new Semaphore(atOnce);
    }

    /** A checked request: the scope (district, or a town's code), date, year, pages, theme and language. */
    public record Request(String townCode, DashboardService.Options options, boolean villagePages, Themes.Theme theme,
            boolean english) {
    }

    /** Too many packs are being made; nothing was done. */
    public static final class Busy extends RuntimeException {
        private final int retryAfterSeconds;

        Busy(int retryAfterSeconds) {
            super("briefing packs are being made for others; try again in " + retryAfterSeconds + " s", null, false,
                    false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /**
     * Checks a request's parameters (null for the defaults): {@code scope} "district" or "town:CODE";
     * {@code pages} "towns" (the district's default) or "villages" (a town's default; a town's pack with
     * "towns" is its one page); {@code theme} one of {@link Themes#ALL}; {@code lang} "zh" or "en".
     *
     * @throws InvalidQueryException naming the parameter at fault
     */
    public Request request(String scope, LocalDate asOf, Integer year, String pages, String theme, String lang) {
        String s = scope == null ? "district" : scope.trim();
        String town = null;
        if (s.startsWith("town:")) {
            town = s.substring(5);
            String code = town;
            if (dashboard.features("towns").stream().noneMatch(t -> code.equals(t.properties().get("code")))) {
                throw new InvalidQueryException("scope", "there is no town or subdistrict with code '"
                        + abbreviate(code) + "'");
            }
        } else if (!s.equals("district")) {
            throw new InvalidQueryException("scope", "scope must be 'district' or 'town:CODE', not '" + abbreviate(s)
                    + "'");
        }
        boolean villagePages;
        if (pages == null) {
            villagePages = town != null;
        } else if (pages.equals("villages")) {
            if (town == null) {
                throw new InvalidQueryException("pages", "a district pack has a page per town; ask for a town's "
                        + "pack (scope=town:CODE) for a page per village");
            }
            villagePages = true;
        } else if (pages.equals("towns")) {
            villagePages = false;
        } else {
            throw new InvalidQueryException("pages", "pages must be 'towns' or 'villages', not '" + abbreviate(pages)
                    + "'");
        }
        Themes.Theme th = Themes.byId(theme == null ? Themes.DEFAULT : theme).orElseThrow(() ->
                new InvalidQueryException("theme", "theme must be one of " + Themes.ALL.stream().map(Themes.Theme::id)
                        .toList() + ", not '" + abbreviate(theme) + "'"));
        if (lang != null && !lang.equals("zh") && !lang.equals("en")) {
            throw new InvalidQueryException("lang", "lang must be 'zh' or 'en', not '" + abbreviate(lang) + "'");
        }
        return new Request(town, dashboard.options(asOf, year, null), villagePages, th, "en".equals(lang));
    }

    /**
     * Makes a pack if a turn is free now.
     *
     * @param cockpit the cockpit's address (the QR codes open it), e.g. "https://xiangtu.example/"
     * @throws Busy when {@code atOnce} packs are being made
     */
    public byte[] make(Request r, Role role, String cockpit) {
        if (!permits.tryAcquire()) {
            throw new Busy((int) Math.max(1, Math.min(120, (lastMillis + 999) / 1_000)));
        }
        try {
            long start = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
            write(r, role, cockpit, out);
            lastMillis = (System.nanoTime() - start) / 1_000_000;
            return out.toByteArray();
        } finally {
            permits.release();
        }
    }

    /** Makes a pack into out, without the gate (the command line's scheduled runs). */
    public void write(Request r, Role role, String cockpit, OutputStream out) {
        Pack pack = pack(r, role, cockpit);
        MapPanel.Layers layers = new MapPanel.Layers(dashboard.features("villages"), dashboard.features("towns"),
                dashboard.features("district"), dashboard.features("industry_bases"), dashboard.features("greenways"),
                dashboard.features("water_works"), dashboard.features("projects"));
        new PackWriter(pack, new MapPanel(layers, catalog, pack.notice() != null, pack.texts())).write(out);
    }

    /** A file name for the pack: "briefing-district-2026-11-30.pdf", "briefing-500151101-….pdf". */
    public static String filename(Request r) {
        return "briefing-" + (r.townCode() == null ? "district" : r.townCode()) + "-" + r.options().asOf() + ".pdf";
    }

    // ---- what the pack shows

    private Pack pack(Request r, Role role, String cockpit) {
        Texts t = new Texts(r.english());
        DashboardService.Options o = r.options();
        DashboardService.Options before = previous(o);
        Map<String, Object> cover = r.townCode() == null ? dashboard.district(role, o)
                : dashboard.town(r.townCode(), role, o).orElseThrow();
        Map<String, Object> coverBefore = before == null ? null : r.townCode() == null ? dashboard.district(role, before)
                : dashboard.town(r.townCode(), role, before).orElse(null);
        @SuppressWarnings("unchecked")
        Themes.Choropleth choropleth = Themes.choropleth(r.theme(), (List<Map<String, Object>>) cover.get("villages"));
        String scopeName = name(cover);
        String districtName = (String) dashboard.features("district").get(0).properties().get("name");
        Feature scopeFeature = r.townCode() == null ? dashboard.features("district").get(0)
                : find("towns", r.townCode()).orElseThrow();
        Pack.Page coverPage = new Pack.Page(scopeName, scopeName, cover, coverBefore,
                view(scopeFeature.geometry(), choropleth, cover, r.townCode()), choropleth, overdue(cover, o, t),
                link(cockpit, r, r.townCode(), null));

        List<Pack.Page> pages = new ArrayList<>();
        if (r.townCode() == null) {
            for (Feature town : dashboard.features("towns")) {
                String code = (String) town.properties().get("code");
                Map<String, Object> d = dashboard.town(code, role, o).orElseThrow();
                Map<String, Object> b = before == null ? null : dashboard.town(code, role, before).orElse(null);
                pages.add(new Pack.Page(name(d), districtName + " · " + name(d), d, b,
                        view(town.geometry(), choropleth, d, code), choropleth, overdue(d, o, t),
                        link(cockpit, r, code, null)));
            }
        } else if (r.villagePages()) {
            String townName = scopeName;
            for (Feature v : dashboard.features("villages")) {
                if (!r.townCode().equals(v.properties().get("town_code"))) {
                    continue;
                }
                String code = (String) v.properties().get("code");
                Map<String, Object> d = dashboard.village(code, role, o).orElseThrow();
                Map<String, Object> b = before == null ? null : dashboard.village(code, role, before).orElse(null);
                MapPanel.View townView = view(v.geometry(), choropleth, d, r.townCode());
                pages.add(new Pack.Page(name(d), districtName + " · " + townName + " · " + name(d), d, b,
                        new MapPanel.View(townView.focus(), choropleth.colorById(), townView.projectStatus(),
                                r.townCode(), v.id(), 0.35), choropleth, overdue(d, o, t),
                        link(cockpit, r, r.townCode(), code)));
            }
        } else {
            pages.add(new Pack.Page(scopeName, districtName + " · " + scopeName, cover, coverBefore,
                    coverPage.view(), choropleth, coverPage.overdue(), coverPage.link()));
        }
        String title = scopeName + t.s("乡村振兴简报", " rural revitalization briefing");
        return new Pack(title, t, o.asOf(), dashboard.dataAsOf(), o.year(), before == null ? null : before.year(),
                r.theme(), t.s("乡图 · ", "Xiangtu · ") + t.s(catalog.title()),
                catalog.notice() == null ? null : t.s(catalog.notice()), coverPage, pages);
    }

    /** The same date a year before, and the year before's income (the same year when there is none). */
    private DashboardService.Options previous(DashboardService.Options o) {
        try {
            Integer year = catalog.layer("villages").flatMap(l -> l.field("income_" + (o.year() - 1))).isPresent()
                    ? o.year() - 1 : o.year();
            return dashboard.options(o.asOf().minusYears(1), year, o.reach());
        } catch (InvalidQueryException e) {
            return null;
        }
    }

    private static String name(Map<String, Object> dashboardAnswer) {
        @SuppressWarnings("unchecked")
        Map<String, Object> scope = (Map<String, Object>) dashboardAnswer.get("scope");
        return (String) scope.get("name");
    }

    private Optional<Feature> find(String layer, String code) {
        return dashboard.features(layer).stream().filter(f -> code.equals(f.properties().get("code"))).findFirst();
    }

    /** A map view of a scope: its villages coloured (the others faint), its projects in their state. */
    @SuppressWarnings("unchecked")
    private static MapPanel.View view(Geometry focus, Themes.Choropleth choropleth, Map<String, Object> answer,
            String townCode) {
        Map<String, String> colors = new HashMap<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) answer.get("villages")) {
            String id = (String) v.get("id");
            colors.put(id, choropleth.colorById().getOrDefault(id, Themes.NO_DATA));
        }
        Map<String, String> status = new HashMap<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) answer.get("projects")) {
            status.put((String) p.get("id"), (String) p.get("status"));
        }
        return new MapPanel.View(focus, colors, status, townCode);
    }

    /** The five projects of an answer most overdue on the as-of date (the ids behind its overdue figure). */
    @SuppressWarnings("unchecked")
    private List<Pack.Overdue> overdue(Map<String, Object> answer, DashboardService.Options o, Texts t) {
        List<String> ids = List.of();
        for (Map<String, Object> k : (List<Map<String, Object>>) answer.get("kpis")) {
            if ("projects_overdue".equals(k.get("id"))) {
                ids = (List<String>) k.get("ids");
            }
        }
        Map<String, Double> progress = new HashMap<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) answer.get("projects")) {
            progress.put((String) p.get("id"), p.get("progress_pct") instanceof Number n ? n.doubleValue() : null);
        }
        Map<String, Feature> byId = new LinkedHashMap<>();
        dashboard.features("projects").forEach(p -> byId.put(p.id(), p));
        Map<String, String> villageNames = new HashMap<>();
        dashboard.features("villages").forEach(v -> villageNames.put((String) v.properties().get("code"),
                (String) v.properties().get("name")));
        Map<String, String> townNames = new HashMap<>();
        dashboard.features("towns").forEach(v -> townNames.put((String) v.properties().get("code"),
                (String) v.properties().get("name")));
        List<Pack.Overdue> rows = new ArrayList<>();
        for (String id : ids) {
            Feature p = byId.get(id);
            if (p == null || !(p.properties().get("due") instanceof String due)) {
                continue;
            }
            LocalDate d = LocalDate.parse(due);
            String place = String.join(" ", townNames.getOrDefault((String) p.properties().get("town_code"), ""),
                    villageNames.getOrDefault((String) p.properties().get("village_code"), "")).trim();
            rows.add(new Pack.Overdue(String.valueOf(p.properties().get("name")), place, d,
                    ChronoUnit.DAYS.between(d, o.asOf()), progress.get(id)));
        }
        rows.sort(Comparator.comparingLong(Pack.Overdue::daysLate).reversed().thenComparing(Pack.Overdue::name));
        return rows.subList(0, Math.min(5, rows.size()));
    }

    /** The cockpit at the same scope, date, year and theme. */
    private static String link(String cockpit, Request r, String town, String village) {
        StringBuilder q = new StringBuilder();
        if (town != null) {
            q.append("town=").append(town).append('&');
        }
        if (village != null) {
            q.append("village=").append(village).append('&');
        }
        q.append("asOf=").append(r.options().asOf()).append("&year=").append(r.options().year()).append("&theme=")
                .append(URLEncoder.encode(r.theme().id(), StandardCharsets.UTF_8));
        if (r.english()) {
            q.append("&lang=en");
        }
        return (cockpit.endsWith("/") ? cockpit : cockpit + "/") + "?" + q;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
