package org.xiangtu.service;

import java.time.LocalDate;
import org.xiangtu.edit.ProjectEdits;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;
import org.xiangtu.analysis.Aggregates;
import org.xiangtu.analysis.Geometries;
import org.xiangtu.analysis.Progress;
import org.xiangtu.analysis.Suppression;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.I18n;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.geo.Measure;
import org.xiangtu.store.CollectionInfo;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.InvalidQueryException;

/**
 * The leaders' cockpit: KPIs, charts and drill-down for the district, a town or a village, computed
 * from the store's data with the analysis functions (nothing typed in). Every KPI names the features
 * behind it. Thread-safe; the data is read once and the geometry work (intersections, reach) is cached.
 *
 * <p><b>Privacy.</b> A figure built from fields the caller may not see (household counts, spending) is
 * withheld ({@code "value": null, "suppressed": true}, or a {@code null} metric) when it aggregates
 * fewer than {@link #MIN_GROUP} households (or projects), so no family can be singled out — and, since
 * the town and district totals stay public, enough further cells are withheld that no withheld figure
 * can be worked out from the published ones, across every answer, list, chart and date
 * ({@link Suppression}: complementary suppression). The decision is made once per data snapshot for
 * the whole county, so a village withheld in its town's answer is withheld in the district's village
 * list, on its own card and at every {@code asOf}:
 * <ul>
 * <li>household figures ({@code poor_households}, {@code poor_people}, {@code safety_net_households},
 * {@code lifted_households}, {@code lifted_share} and the {@code poor_households} metric) are withheld
 * together for a village or town the plan suppresses, the group being the area's
 * {@link #HOUSEHOLD_GROUP} households;</li>
 * <li>within a published town the withheld villages are none, or at least two covering at least
 * {@link #MIN_GROUP} households (a village of the same lifting year, then the smallest, is added); withheld
 * towns likewise within the district;</li>
 * <li>{@code lifted_households} and {@code lifted_share} sum the villages lifted by {@code asOf}, a public
 * selection: they are also withheld in an area where that selection would split a group of withheld
 * villages (else two dates would give the difference away);</li>
 * <li>{@code projects_spent_share} (spending is not public, budgets are) follows the same rule over
 * the projects of each village.</li>
 * </ul>
 * Callers who may see the fields (leaders and up, per the catalogue) get every number.
 */
public final class DashboardService {
    /** Smallest group a non-public figure may be shown for. */
    public static final int MIN_GROUP = 5;
    /** The village field that counts the households a household figure is about (its group size). */
    static final String HOUSEHOLD_GROUP = "poor_households";
    /** A public village field that household figures are split by ({@code lifted_households} by year). */
    static final String HOUSEHOLD_CLASS = "lifted_year";
    private static final int MAX_FEATURES = 1_000_000;

    private final Catalog catalog;
    private final FeatureStore store;
    private volatile Snapshot snapshot;
    /**
     * Cheap layers changed since the snapshot was made ({@link #changed}), read again at the next request
     * that needs the snapshot rather than in the changing request (a cadre's phone syncing a day's visits
     * would otherwise re-read {@code home_visits} once per visit). Guarded by {@code this}.
     */
    private final Set<String> stale = new HashSet<>();
    private volatile boolean anyStale;
    /** Distinct reaches and dates kept worked out; clients choose them freely, so the caches are bounded. */
    static final int CACHED_REACHES = 16;
    static final int CACHED_DATES = 64;
    private final BoundedCache<Double, Reach> reachCache = new BoundedCache<>(CACHED_REACHES);
    /**
     * Reaches not yet cached are worked out one at a time (about a third of a second of a core each on the
     * demo county): anybody may ask for any reach, so a flood of new ones waits in a short line or is
     * refused (503), rather than taking every core.
     */
    private final WorkGate reachGate = new WorkGate("dashboard-reach", 1, 8, 10_000);
    private final BoundedCache<LocalDate, Map<String, Progress.State>> stateCache = new BoundedCache<>(CACHED_DATES);

    /** Dashboard options: the date projects are shown at, the income year and the greenway reach in metres. */
    public record Options(LocalDate asOf, int year, double reach) {
    }

    private record Reach(Set<String> villages, Set<String> towns, Set<String> bases) {
    }

    /**
     * The data with what is measured once per village (by intersection, in EPSG:4544), and what the
     * public may not see: {@code households} for figures over household groups (cells: villages),
     * {@code projects} for those over project groups (cells: a village's projects).
     */
    private record Snapshot(Map<String, List<Feature>> layers, LocalDate asOf, Map<String, Double> villageIndustryMu,
            Map<String, Double> villageRoadM, Map<String, Double> villageHardenedM, Map<String, Double> villageGreenwayM,
            Set<String> waterReached, Suppression.Plan households, Suppression.Plan projects) {
        List<Feature> layer(String id) {
            return layers.getOrDefault(id, List.of());
        }
    }

    public DashboardService(Catalog catalog, FeatureStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /** The data's as-of date: the day of the latest {@code updated_at}. */
    public LocalDate dataAsOf() {
        return snapshot().asOf();
    }

    /**
     * The features of a layer as the figures were worked out from (the same snapshot), for drawing them — the
     * briefing packs' maps. Layers of household records are not held (an empty list); callers must show only the
     * fields the reader may see.
     */
    public List<Feature> features(String layerId) {
        return snapshot().layer(layerId);
    }

    /** Default options, with the given overrides (null for none); checks them. */
    public Options options(LocalDate asOf, Integer year, Double reach) {
        LocalDate at = asOf == null ? dataAsOf() : asOf;
        int y = year == null ? Math.min(at.getYear(), lastIncomeYear()) : year;
        if (catalog.layer("villages").flatMap(l -> l.field("income_" + y)).isEmpty()) {
            throw year != null ? new InvalidQueryException("year", "no income figures for year " + y)
                    : new InvalidQueryException("asOf", "no income figures for " + y + ", the year of asOf; "
                            + "give a year too");
        }
        double r = reach == null ? 1_000 : reach;
        if (!(r >= 1 && r <= 20_000)) {
            throw new InvalidQueryException("reach", "reach must be 1–20000 metres, not " + reach);
        }
        return new Options(at, y, r);
    }

    private int lastIncomeYear() {
        int last = 0;
        for (FieldDef f : catalog.layer("villages").orElseThrow().fields()) {
            if (f.name().matches("income_\\d{4}")) {
                last = Math.max(last, Integer.parseInt(f.name().substring(7)));
            }
        }
        return last;
    }

    public Map<String, Object> district(Role role, Options o) {
        Snapshot s = snapshot();
        Feature district = s.layer("district").get(0);
        Scope scope = new Scope("district", (String) district.properties().get("code"),
                (String) district.properties().get("name"), f -> true, f -> true,
                List.of(crumb("district", district)));
        List<Map<String, Object>> children = new ArrayList<>();
        for (Feature town : s.layer("towns")) {
            String code = (String) town.properties().get("code");
            children.add(child("town", town, metrics(role, o, villagesOf(s, v -> code.equals(v.properties().get("town_code"))),
                    p -> code.equals(p.properties().get("town_code")), s.households().isParentSuppressed(code))));
        }
        return build(role, o, scope, children, null);
    }

    public Optional<Map<String, Object>> town(String code, Role role, Options o) {
        Snapshot s = snapshot();
        return find(s.layer("towns"), code).map(town -> {
            Feature district = s.layer("district").get(0);
            Scope scope = new Scope("town", code, (String) town.properties().get("name"),
                    v -> code.equals(v.properties().get("town_code")), p -> code.equals(p.properties().get("town_code")),
                    List.of(crumb("district", district), crumb("town", town)));
            List<Map<String, Object>> children = new ArrayList<>();
            for (Feature v : villagesOf(s, scope.villages())) {
                String vc = (String) v.properties().get("code");
                children.add(child("village", v, metrics(role, o, List.of(v), p -> vc.equals(p.properties().get("village_code")),
                        s.households().isCellSuppressed(vc))));
            }
            return build(role, o, scope, children, null);
        });
    }

    public Optional<Map<String, Object>> village(String code, Role role, Options o) {
        Snapshot s = snapshot();
        return find(s.layer("villages"), code).map(v -> {
            String townCode = (String) v.properties().get("town_code");
            Feature town = find(s.layer("towns"), townCode).orElseThrow();
            Scope scope = new Scope("village", code, (String) v.properties().get("name"),
                    x -> code.equals(x.properties().get("code")), p -> code.equals(p.properties().get("village_code")),
                    List.of(crumb("district", s.layer("district").get(0)), crumb("town", town), crumb("village", v)));
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("id", v.id());
            Map<String, Object> fields = new LinkedHashMap<>();
            for (FieldDef f : catalog.layer("villages").orElseThrow().fieldsVisibleTo(role)) {
                fields.put(f.name(), v.properties().get(f.name()));
            }
            card.put("properties", fields);
            card.put("metrics", metrics(role, o, List.of(v), scope.projects(), s.households().isCellSuppressed(code)));
            return build(role, o, scope, List.of(), card);
        });
    }

    private record Scope(String level, String code, String name, Predicate<Feature> villages,
            Predicate<Feature> projects, List<Map<String, Object>> path) {
    }

    private Map<String, Object> build(Role role, Options o, Scope scope, List<Map<String, Object>> children,
            Map<String, Object> villageCard) {
        Snapshot s = snapshot();
        List<Feature> villages = villagesOf(s, scope.villages());
        Set<String> villageCodes = codes(villages);
        List<Feature> projects = s.layer("projects").stream().filter(scope.projects()).toList();
        Map<String, Progress.State> states = states(o.asOf());
        List<Feature> bases = s.layer("industry_bases").stream().filter(b -> scope.level().equals("district")
                || (scope.level().equals("town") && scope.code().equals(b.properties().get("town_code")))
                || (scope.level().equals("village") && intersectsAny(b, villages))).toList();
        Reach reach = reach(o.reach());

        Kpis k = new Kpis(role);
        long poorHh = (long) Aggregates.sum(villages, "poor_households");
        List<Feature> liftedBy = villages.stream().filter(v -> v.properties().get("lifted_year") instanceof Long y
                && y <= o.asOf().getYear()).toList();
        long lifted = (long) Aggregates.sum(liftedBy, "poor_households");
        boolean fewHouseholds = suppressed(s.households(), scope);
        Set<String> liftedCodes = codes(liftedBy);
        boolean fewLifted = fewHouseholds || s.households().splits(villageCodes, liftedCodes::contains);
        boolean fewProjects = projects.size() < MIN_GROUP || suppressed(s.projects(), scope);
        k.add("poor_households", "poverty", "建卡贫困户", "Registered poor households", poorHh, "户", "households",
                "villages", villages, "villages", "poor_households", fewHouseholds);
        k.add("poor_people", "poverty", "建卡贫困人口", "Registered poor people", Aggregates.sum(villages, "poor_people"),
                "人", "people", "villages", villages, "villages", "poor_people", fewHouseholds);
        k.add("lifted_households", "poverty", "已脱贫户数", "Households lifted out of poverty", lifted, "户",
                "households", "villages", liftedBy, "villages", "poor_households", fewLifted);
        k.add("lifted_share", "poverty", "脱贫率", "Share lifted", poorHh == 0 ? null : 100.0 * lifted / poorHh, "%", "%",
                "villages", liftedBy, "villages", "poor_households", fewLifted);
        k.add("safety_net_households", "poverty", "政策兜底户", "Policy safety-net households",
                Aggregates.sum(villages, "safety_net_households"), "户", "households", "villages", villages, "villages",
                "safety_net_households", fewHouseholds);
        k.add("income", "poverty", o.year() + "年农村居民人均可支配收入", "Rural income per capita, " + o.year(),
                round(Aggregates.weightedMean(villages, "income_" + o.year(), "population")), "元", "yuan",
                "villages", villages, null, null, false);
        k.add("water_coverage", "water", "集中供水覆盖率", "Centralized water supply",
                pct(Aggregates.ratio(villages, "water_households_centralized", "households")), "%", "%",
                "villages", villages, null, null, false);
        List<Feature> waterReached = villages.stream().filter(v -> s.waterReached().contains(v.id())).toList();
        k.add("water_reach_villages", "water", "管网通达村", "Villages reached by the network", waterReached.size(),
                "个", "villages", "villages", waterReached, null, null, false);
        k.add("industry_mu", "industry", "产业基地面积", "Industry base area",
                round(villageCodes.stream().mapToDouble(c -> s.villageIndustryMu().getOrDefault(c, 0.0)).sum()),
                "亩", "mu", "industry_bases", bases, null, null, false);
        double greenwayM = villageCodes.stream().mapToDouble(c -> s.villageGreenwayM().getOrDefault(c, 0.0)).sum();
        List<Feature> greenways = scope.level().equals("district") ? s.layer("greenways")
                : s.layer("greenways").stream().filter(g -> intersectsAny(g, villages)).toList();
        k.add("greenway_km", "greenway", "绿道里程", "Greenway length", round1(greenwayM / 1_000), "公里", "km",
                "greenways", greenways, null, null, false);
        List<Feature> greenVillages = villages.stream().filter(v -> reach.villages().contains(v.id())).toList();
        k.add("greenway_villages", "greenway", "绿道串联村（" + (int) o.reach() + "米内）",
                "Villages within " + (int) o.reach() + " m of the greenway", greenVillages.size(), "个", "villages",
                "villages", greenVillages, null, null, false);
        List<Feature> greenBases = bases.stream().filter(b -> reach.bases().contains(b.id())).toList();
        k.add("greenway_bases", "greenway", "绿道串联产业基地", "Industry bases within " + (int) o.reach() + " m",
                greenBases.size(), "个", "bases", "industry_bases", greenBases, null, null, false);
        if (scope.level().equals("district")) {
            List<Feature> greenTowns = s.layer("towns").stream().filter(t -> reach.towns().contains(t.id())).toList();
            k.add("greenway_towns", "greenway", "绿道串联镇街", "Towns and subdistricts within " + (int) o.reach() + " m",
                    greenTowns.size(), "个", "towns", "towns", greenTowns, null, null, false);
        }
        double roadM = villageCodes.stream().mapToDouble(c -> s.villageRoadM().getOrDefault(c, 0.0)).sum();
        double hardM = villageCodes.stream().mapToDouble(c -> s.villageHardenedM().getOrDefault(c, 0.0)).sum();
        k.add("roads_km", "roads", "农村公路里程", "Rural roads", round1(roadM / 1_000), "公里", "km", "villages", villages,
                null, null, false);
        k.add("hardened_share", "roads", "硬化率", "Hardened", roadM == 0 ? null : round1(100 * hardM / roadM), "%", "%",
                "villages", villages, null, null, false);
        k.add("projects", "projects", "项目数", "Projects", projects.size(), "个", "projects", "projects", projects, null,
                null, false);
        k.add("projects_progress", "projects", "项目总体进度（按投资加权）", "Progress (budget-weighted)",
                round1(Progress.budgetWeighted(projects, states)), "%", "%", "projects", projects, null, null, false);
        double budget = Aggregates.sum(projects, "budget_yuan");
        k.add("projects_spent_share", "projects", "资金支付率", "Spent of budget",
                budget == 0 ? null : round1(100 * Aggregates.sum(projects, "spent_yuan") / budget), "%", "%",
                "projects", projects, "projects", "spent_yuan", fewProjects);
        List<Feature> overdue = Progress.overdue(projects, states, o.asOf());
        k.add("projects_overdue", "projects", "逾期未完工项目", "Overdue projects", overdue.size(), "个", "projects",
                "projects", overdue, null, null, false);
        List<YearMonth> months = lastMonths(o.asOf());
        List<Feature> visits = s.layer("home_visits").stream().filter(f -> villageCodes.contains(f.properties().get("village_code"))
                && months.contains(YearMonth.parse(((String) f.properties().get("month")).substring(0, 7)))).toList();
        k.add("visits_12m", "assistance", "月上门走访（近12个月）", "Home visits, last 12 months",
                Aggregates.sum(visits, "visits"), "次", "visits", null, List.of(), null, null, false);
        if (!scope.level().equals("village")) {
            Set<Object> towns = new HashSet<>();
            villages.forEach(v -> towns.add(v.properties().get("town_code")));
            List<Feature> meetings = s.layer("review_meetings").stream().filter(f -> towns.contains(f.properties().get("town_code"))
                    && months.contains(YearMonth.parse(((String) f.properties().get("month")).substring(0, 7)))).toList();
            k.add("meetings_12m", "assistance", "月研判会议（近12个月）", "Review meetings, last 12 months",
                    Aggregates.sum(meetings, "meetings"), "次", "meetings", null, List.of(), null, null, false);
            k.add("problems_solved_12m", "assistance", "解决问题（近12个月）", "Problems solved, last 12 months",
                    Aggregates.sum(meetings, "problems_solved"), "个", "problems", null, List.of(), null, null, false);
        }

        Map<String, Object> charts = new LinkedHashMap<>();
        List<Integer> years = new ArrayList<>();
        List<Object> incomes = new ArrayList<>();
        for (int y = 2000; y <= 2100; y++) {
            if (catalog.layer("villages").orElseThrow().field("income_" + y).isPresent()) {
                years.add(y);
                incomes.add(round(Aggregates.weightedMean(villages, "income_" + y, "population")));
            }
        }
        charts.put("income", Map.of("years", years, "values", incomes));
        Map<String, Progress.State> inScope = new LinkedHashMap<>();
        projects.forEach(p -> inScope.put(p.id(), states.get(p.id())));
        charts.put("projectsByStatus", Progress.byStatus(inScope));
        Map<String, Long> byKind = new LinkedHashMap<>();
        enumOf("projects", "kind").forEach(kind -> byKind.put(kind, 0L));
        projects.forEach(p -> byKind.merge((String) p.properties().get("kind"), 1L, Long::sum));
        charts.put("projectsByKind", byKind);
        Map<String, Double> mu = new LinkedHashMap<>();
        enumOf("industry_bases", "category").forEach(c -> mu.put(c, 0.0));
        Geometries.areaMuBy(bases, "category").forEach((c, v) -> mu.put(c, round1(v)));
        charts.put("industryMu", mu);
        List<Map<String, Object>> byMonth = new ArrayList<>();
        for (YearMonth m : months) {
            double n = visits.stream().filter(f -> ((String) f.properties().get("month")).startsWith(m.toString()))
                    .mapToDouble(f -> ((Number) f.properties().get("visits")).doubleValue()).sum();
            byMonth.add(Map.of("month", m.toString(), "visits", (long) n));
        }
        charts.put("visitsByMonth", byMonth);

        List<Map<String, Object>> villageRows = new ArrayList<>();
        for (Feature v : villages) {
            String vc = (String) v.properties().get("code");
            Map<String, Object> row = child("village", v, metrics(role, o, List.of(v),
                    p -> vc.equals(p.properties().get("village_code")), s.households().isCellSuppressed(vc)));
            row.put("town_code", v.properties().get("town_code"));
            villageRows.add(row);
        }

        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> scopeDoc = new LinkedHashMap<>();
        scopeDoc.put("level", scope.level());
        scopeDoc.put("code", scope.code());
        scopeDoc.put("name", scope.name());
        scopeDoc.put("path", scope.path());
        out.put("scope", scopeDoc);
        out.put("asOf", o.asOf().toString());
        out.put("year", o.year());
        out.put("reach", o.reach());
        out.put("notice", catalog.notice());
        out.put("kpis", k.list);
        out.put("charts", charts);
        out.put("children", children);
        out.put("villages", villageRows);
        if (villageCard != null) {
            out.put("village", villageCard);
        }
        out.put("projects", projectStates(projects, states));
        return out;
    }

    /**
     * The map metrics of an area made of {@code villages}, with the projects matching {@code projects};
     * its household figures are withheld from callers who may not see them when {@code householdsSuppressed}.
     */
    private Map<String, Object> metrics(Role role, Options o, List<Feature> villages, Predicate<Feature> projects,
            boolean householdsSuppressed) {
        Snapshot s = snapshot();
        List<Feature> ps = s.layer("projects").stream().filter(projects).toList();
        Map<String, Progress.State> states = states(o.asOf());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("water_coverage", finite(Aggregates.ratio(villages, "water_households_centralized", "households")));
        m.put("progress_pct", ps.isEmpty() ? null : round1(Progress.budgetWeighted(ps, states)));
        m.put("income", round(Aggregates.weightedMean(villages, "income_" + o.year(), "population")));
        long poor = (long) Aggregates.sum(villages, "poor_households");
        m.put("poor_households", visible(role, "villages", "poor_households") || !householdsSuppressed ? (Object) poor : null);
        m.put("industry_mu", round1(villages.stream()
                .mapToDouble(v -> s.villageIndustryMu().getOrDefault((String) v.properties().get("code"), 0.0)).sum()));
        return m;
    }

    /** Collects KPIs, suppressing non-public ones over small groups (or groups withheld as complements). */
    private final class Kpis {
        final Role role;
        final List<Map<String, Object>> list = new ArrayList<>();

        Kpis(Role role) {
            this.role = role;
        }

        void add(String id, String group, String zh, String en, Object value, String unitZh, String unitEn, String layer,
                List<Feature> behind, String fieldLayer, String field, boolean small) {
            boolean suppressed = field != null && !visible(role, fieldLayer, field) && small;
            Map<String, Object> kpi = new LinkedHashMap<>();
            kpi.put("id", id);
            kpi.put("group", group);
            kpi.put("label", new I18n(zh, en));
            kpi.put("value", suppressed ? null : number(value, unitEn));
            kpi.put("unit", new I18n(unitZh, unitEn));
            kpi.put("layer", layer);
            kpi.put("ids", suppressed ? List.of() : behind.stream().map(Feature::id).toList());
            kpi.put("suppressed", suppressed);
            list.add(kpi);
        }
    }

    /** Counts and sums of whole numbers as integers; percentages and measures as decimals. */
    private static Object number(Object value, String unit) {
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                return null;
            }
            return d == Math.rint(d) && !unit.equals("%") && !unit.equals("km") ? (Object) (long) (double) d : d;
        }
        return value;
    }

    /**
     * Some layers changed in the store: project edits and visits re-read only {@code projects},
     * {@code project_updates} and {@code home_visits} (cheap, and the geometry work stays), at the next
     * request that needs the figures (so a burst of visits re-reads them once); any other
     * catalogue layer drops the whole snapshot, read again at the next request. Layers the dashboard
     * does not read (planners' imports, the personal records such as {@code visits}) keep everything.
     */
    public void changed(Set<String> changedIds) {
        Set<String> cheap = Set.of("projects", "project_updates", "home_visits");
        Set<String> layerIds = changedIds.stream().filter(id -> catalog.layer(id)
                .filter(l -> l.visibility() != Visibility.HOUSEHOLD).isPresent())
                .collect(java.util.stream.Collectors.toSet());
        if (layerIds.isEmpty() && !changedIds.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (snapshot != null && cheap.containsAll(layerIds)) {
                stale.addAll(layerIds);
                anyStale = !stale.isEmpty();
            } else {
                snapshot = null;
                stale.clear();
                anyStale = false;
                reachCache.clear();
            }
            stateCache.clear();
        }
    }

    /** The snapshot with its stale cheap layers read again (called holding {@code this}). */
    private Snapshot refreshed(Snapshot s) {
        Map<String, List<Feature>> layers = new LinkedHashMap<>(s.layers());
        for (String id : stale) {
            catalog.layer(id).ifPresent(layer -> layers.put(id, store.features(id, FeatureQuery.all(
                    layer.fields().stream().map(FieldDef::name).toList(), MAX_FEATURES)).features()));
        }
        stale.clear();
        anyStale = false;
        LocalDate today = LocalDate.now(ProjectEdits.COUNTY_ZONE); // the day the history's new entry carries
        return new Snapshot(layers, today.isAfter(s.asOf()) ? today : s.asOf(), s.villageIndustryMu(),
                s.villageRoadM(), s.villageHardenedM(), s.villageGreenwayM(), s.waterReached(), s.households(),
                projectPlan(layers.getOrDefault("projects", List.of())));
    }

    /** How many reaches and dates are cached now (each at most {@link #CACHED_REACHES} / {@link #CACHED_DATES}). */
    public int[] cacheSizes() {
        return new int[] {reachCache.size(), stateCache.size()};
    }

    /** Reads the data and does the geometry work now, so the first visitor does not wait for it. */
    public void warm() {
        reach(1_000);
    }

    /** {@link #warm()} on a daemon thread, so the first visitor need not wait; a failure is left for that visitor's request to meet and report. */
    public void warmInBackground() {
        Thread t = new Thread(() -> {
            try {
                warm();
            } catch (RuntimeException e) {
                // the first request will try again and report the problem
            }
        }, "dashboard-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Whether the plan withholds the scope's figures (the district, a town or a village). */
    private static boolean suppressed(Suppression.Plan plan, Scope scope) {
        return switch (scope.level()) {
            case "district" -> plan.root();
            case "town" -> plan.isParentSuppressed(scope.code());
            default -> plan.isCellSuppressed(scope.code());
        };
    }

    private boolean visible(Role role, String layer, String field) {
        return catalog.layer(layer).flatMap(l -> l.field(field)).map(f -> f.visibility().isVisibleTo(role)).orElse(false);
    }

    private List<String> enumOf(String layer, String field) {
        return catalog.layer(layer).flatMap(l -> l.field(field)).map(FieldDef::enumValues).orElse(List.of());
    }

    /** Every project's state on a date, worked out once per date (the history is read, never changed here). */
    /** Each project in scope with its status and progress on the date (the map draws them so). */
    private static List<Map<String, Object>> projectStates(List<Feature> projects, Map<String, Progress.State> states) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Feature p : projects) {
            Progress.State state = states.get(p.id());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", p.id());
            row.put("status", state == null ? null : state.status());
            row.put("progress_pct", state == null ? null : round1(state.progressPct()));
            rows.add(row);
        }
        return rows;
    }

    private Map<String, Progress.State> states(LocalDate asOf) {
        return stateCache.get(asOf, d -> {
            Snapshot s = snapshot();
            return Progress.at(s.layer("projects"), s.layer("project_updates"), d);
        });
    }

    private Reach reach(double metres) {
        return reachCache.get(metres, m -> reachGate.run(() -> {
            Snapshot s = snapshot();
            List<Feature> lines = s.layer("greenways");
            return new Reach(new HashSet<>(Geometries.within(s.layer("villages"), lines, m)),
                    new HashSet<>(Geometries.within(s.layer("towns"), lines, m)),
                    new HashSet<>(Geometries.within(s.layer("industry_bases"), lines, m)));
        }));
    }

    private Snapshot snapshot() {
        Snapshot s = snapshot;
        if (s == null || anyStale) {
            synchronized (this) {
                if (snapshot == null) {
                    snapshot = load();
                    stale.clear();
                    anyStale = false;
                } else if (anyStale) {
                    snapshot = refreshed(snapshot);
                }
                s = snapshot;
            }
        }
        return s;
    }

    private Snapshot load() {
        Map<String, List<Feature>> layers = new LinkedHashMap<>();
        for (LayerDef layer : catalog.layers()) {
            if (layer.visibility() == Visibility.HOUSEHOLD) {
                continue; // personal records: the dashboard reads their figures from the layers derived from them
            }
            List<String> fields = layer.fields().stream().map(FieldDef::name).toList();
            layers.put(layer.id(), store.features(layer.id(), FeatureQuery.all(fields, MAX_FEATURES)).features());
        }
        LocalDate asOf = store.collections().stream().map(CollectionInfo::lastUpdate).filter(Objects::nonNull)
                .max(java.time.Instant::compareTo).map(t -> LocalDate.ofInstant(t, ProjectEdits.COUNTY_ZONE))
                .orElse(LocalDate.now(ProjectEdits.COUNTY_ZONE)); // the county's calendar, as the history's dates
        List<Feature> villages = layers.getOrDefault("villages", List.of());
        Measure measure = new Measure();
        Map<String, Geometry> villageGeom = new LinkedHashMap<>();
        STRtree index = new STRtree();
        for (Feature v : villages) {
            Geometry g = measure.metric(v.geometry());
            villageGeom.put((String) v.properties().get("code"), g);
            index.insert(g.getEnvelopeInternal(), v.properties().get("code"));
        }
        Map<String, Double> mu = inside(layers.getOrDefault("industry_bases", List.of()), villageGeom, index, measure,
                f -> true, true);
        mu.replaceAll((k, v) -> v / Measure.SQM_PER_MU);
        Map<String, Double> roads = inside(layers.getOrDefault("roads", List.of()), villageGeom, index, measure,
                f -> true, false);
        Map<String, Double> hardened = inside(layers.getOrDefault("roads", List.of()), villageGeom, index, measure,
                f -> "hardened".equals(f.properties().get("surface")), false);
        Map<String, Double> greenway = inside(layers.getOrDefault("greenways", List.of()), villageGeom, index, measure,
                f -> true, false);
        Set<String> water = new HashSet<>(org.xiangtu.analysis.WhatIf.waterToday(villages,
                layers.getOrDefault("water_pipes", List.of()), layers.getOrDefault("water_works", List.of())));
        return new Snapshot(layers, asOf, mu, roads, hardened, greenway, water, householdPlan(villages),
                projectPlan(layers.getOrDefault("projects", List.of())));
    }

    /** Household groups: one cell per village, of its {@link #HOUSEHOLD_GROUP} households, in its town. */
    private static Suppression.Plan householdPlan(List<Feature> villages) {
        List<Suppression.Cell> cells = new ArrayList<>();
        for (Feature v : villages) {
            Object n = v.properties().get(HOUSEHOLD_GROUP);
            cells.add(new Suppression.Cell((String) v.properties().get("code"), (String) v.properties().get("town_code"),
                    n instanceof Number x ? x.longValue() : 0, v.properties().get(HOUSEHOLD_CLASS)));
        }
        return Suppression.plan(cells, MIN_GROUP);
    }

    /** Project groups: one cell per village with projects (or per town, for projects of no village), of its project count. */
    private static Suppression.Plan projectPlan(List<Feature> projects) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, String> towns = new HashMap<>();
        for (Feature p : projects) {
            String cell = projectCell(p);
            counts.computeIfAbsent(cell, c -> new long[1])[0]++;
            towns.put(cell, (String) p.properties().get("town_code"));
        }
        List<Suppression.Cell> cells = new ArrayList<>();
        counts.forEach((cell, n) -> cells.add(new Suppression.Cell(cell, towns.get(cell), n[0], null)));
        return Suppression.plan(cells, MIN_GROUP);
    }

    private static String projectCell(Feature p) {
        Object village = p.properties().get("village_code");
        return village != null ? (String) village : p.properties().get("town_code") + "/town";
    }

    /** Per village code: area (or length) of the features' geometry inside the village, in m² (or m). */
    @SuppressWarnings("unchecked")
    private static Map<String, Double> inside(List<Feature> features, Map<String, Geometry> villages, STRtree index,
            Measure measure, Predicate<Feature> which, boolean area) {
        Map<String, Double> out = new HashMap<>();
        for (Feature f : features) {
            if (f.geometry() == null || !which.test(f)) {
                continue;
            }
            Geometry g = measure.metric(f.geometry());
            for (String code : (List<String>) index.query(g.getEnvelopeInternal())) {
                Geometry v = villages.get(code);
                if (v.intersects(g)) {
                    Geometry part = v.intersection(g);
                    out.merge(code, area ? part.getArea() : part.getLength(), Double::sum);
                }
            }
        }
        return out;
    }

    private static List<Feature> villagesOf(Snapshot s, Predicate<Feature> which) {
        return s.layer("villages").stream().filter(which).toList();
    }

    private static Optional<Feature> find(List<Feature> features, String code) {
        return features.stream().filter(f -> code.equals(f.properties().get("code"))).findFirst();
    }

    private static boolean intersectsAny(Feature f, List<Feature> areas) {
        return areas.stream().anyMatch(a -> a.geometry() != null && f.geometry() != null && a.geometry().intersects(f.geometry()));
    }

    private static Set<String> codes(List<Feature> villages) {
        Set<String> out = new HashSet<>();
        villages.forEach(v -> out.add((String) v.properties().get("code")));
        return out;
    }

    private static Map<String, Object> crumb(String level, Feature f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", level);
        m.put("code", f.properties().get("code"));
        m.put("name", f.properties().get("name"));
        return m;
    }

    private static Map<String, Object> child(String level, Feature f, Map<String, Object> metrics) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", level);
        m.put("code", f.properties().get("code"));
        m.put("name", f.properties().get("name"));
        m.put("id", f.id());
        m.put("metrics", metrics);
        return m;
    }

    private static List<YearMonth> lastMonths(LocalDate asOf) {
        List<YearMonth> out = new ArrayList<>();
        for (YearMonth m = YearMonth.from(asOf).minusMonths(11); !m.isAfter(YearMonth.from(asOf)); m = m.plusMonths(1)) {
            out.add(m);
        }
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Double pct(double ratio) {
        return Double.isFinite(ratio) ? round1(100 * ratio) : null;
    }

    private static Double round(double v) {
        return Double.isFinite(v) ? (double) Math.round(v) : null;
    }

    private static Double round1(double v) {
        return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : null;
    }
}
