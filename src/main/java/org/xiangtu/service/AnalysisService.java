package org.xiangtu.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.xiangtu.analysis.Deadline;
import org.xiangtu.analysis.Geometries;
import org.xiangtu.analysis.WatchArea;
import org.xiangtu.analysis.WhatIf;
import org.xiangtu.analysis.Within;
import org.xiangtu.analysis.Within.Hit;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.catalog.Watch;
import org.xiangtu.geo.GaussKruger;
import org.xiangtu.geo.Measure;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.WatchStore;

/**
 * The planners' spatial questions: what lies inside or within a distance of a drawn geometry, and
 * what a proposed greenway segment or water works would newly reach. Reads the store (only the
 * features in the zone's box for {@code within}), measures with {@link Within} and {@link WhatIf} in
 * EPSG:4544 metres, and answers with the fields the role may see. Thread-safe (no state).
 */
public final class AnalysisService {
    private static final int MAX_FEATURES = 1_000_000;
    /** Degrees added around the zone's box so no feature touching its edge is missed by the store's index. */
    private static final double BOX_MARGIN = 1e-6;
    /** Metres between the points of the search box's sides when it is turned into lon/lat. */
    private static final double BOX_STEP = 500;
    /** The fields of the watch layers the counts read. */
    private static final Set<String> WATCH_FIELDS = Set.of("household_code", "village_code", "status", "rule", "tier",
            "opened_at", "ended_on");

    private final Catalog catalog;
    private final FeatureStore store;

    public AnalysisService(Catalog catalog, FeatureStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /**
     * The lon/lat box to ask the store for candidates that may reach the zone (its index then the exact
     * test): the zone's metric box, its sides densified every {@value #BOX_STEP} m before they are
     * turned into lon/lat (a straight side in EPSG:4544 is curved in lon/lat), plus a margin.
     */
    public static Envelope searchBox(Within.Zone zone) {
        Geometry rect = Densifier.densify(GaussKruger.METRIC.toGeometry(zone.box()), BOX_STEP);
        Envelope box = new GaussKruger().toLonLat(rect).getEnvelopeInternal();
        box.expandBy(BOX_MARGIN);
        return box;
    }

    /**
     * What lies inside (distance 0) or within {@code distance} metres of {@code drawn}. Counts and
     * ids are exact; areas and lengths inside are cut by the zone, built to the tolerance the answer
     * states ({@code zone.tolerance_m}, see {@link Within}).
     *
     * @param drawn a valid lon/lat geometry (EPSG:4490)
     * @throws org.xiangtu.analysis.TimeBudgetExceededException when the deadline passes
     */
    public Map<String, Object> within(Geometry drawn, double distance, Role role, Deadline deadline) {
        Measure measure = new Measure();
        Geometry metric = measure.metric(drawn);
        Within.Zone zone = Within.zone(metric, distance, deadline);
        Envelope box = searchBox(zone);
        Context c = new Context(box, zone, measure, role, deadline);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zone", zoneDoc(drawn, zone));
        List<Hit> villages = reached("villages", c);
        Map<String, Object> v = section(villages, "code");
        for (String f : List.of("households", "population", "poor_households", "poor_people")) {
            v.put(f, visible("villages", f, role) ? (Object) Math.round(Within.sumOf(villages, f)) : null);
        }
        out.put("villages", v);

        List<Hit> bases = reached("industry_bases", c);
        Map<String, Object> b = section(bases, null);
        b.put("mu", mu(Within.sum(bases, h -> areaInside(h, c))));
        Map<String, Double> byCategory = Within.sumBy(bases, "category", enumOf("industry_bases", "category"),
                h -> areaInside(h, c));
        byCategory.replaceAll((k, sqm) -> mu(sqm));
        b.put("mu_by_category", byCategory);
        out.put("industry_bases", b);

        out.put("water_pipes", lines("water_pipes", "kind", c));
        out.put("roads", lines("roads", "grade", c));
        out.put("greenways", lines("greenways", null, c));
        out.put("water_works", section(reached("water_works", c), null));
        out.put("greenway_stations", section(reached("greenway_stations", c), null));

        List<Hit> projects = reached("projects", c);
        Map<String, Object> p = section(projects, null);
        p.put("by_status", counts(Within.sumBy(projects, "status", enumOf("projects", "status"), h -> 1)));
        out.put("projects", p);
        out.put("watch", watchWithin(c));
        return out;
    }

    /**
     * The households at risk (an open alert, or under monitoring) the zone reaches, at their positions in the
     * {@code watch_alerts} and {@code watch_monitoring} layers, counted by {@link WatchArea#section}: exact for
     * a role that may see households, else with the small-group rule. Null when the catalogue has no watch.
     */
    private Map<String, Object> watchWithin(Context c) {
        Watch watch = catalog.watch();
        if (watch == null) {
            return null;
        }
        Map<String, List<WatchArea.OpenAlert>> alerts = new TreeMap<>();
        Set<String> monitored = new HashSet<>();
        c.deadline().check();
        for (Hit h : Within.reached(readWatch("watch_alerts", c.box()), c.zone(), c.measure(), c.deadline())) {
            Map<String, Object> a = h.feature().properties();
            if (WatchStore.OPEN.equals(a.get("status"))) {
                alerts.computeIfAbsent((String) a.get("household_code"), k -> new ArrayList<>()).add(new WatchArea.OpenAlert(
                        h.feature().id(), (String) a.get("rule"), (String) a.get("tier"), (String) a.get("opened_at")));
            }
        }
        c.deadline().check();
        for (Hit h : Within.reached(readWatch("watch_monitoring", c.box()), c.zone(), c.measure(), c.deadline())) {
            if (h.feature().properties().get("ended_on") == null) {
                monitored.add((String) h.feature().properties().get("household_code"));
            }
        }
        Set<String> codes = new TreeSet<>(alerts.keySet());
        codes.addAll(monitored);
        List<WatchArea.AtRisk> atRisk = new ArrayList<>();
        for (String code : codes) {
            atRisk.add(new WatchArea.AtRisk(code, alerts.getOrDefault(code, List.of()), monitored.contains(code)));
        }
        return WatchArea.section(atRisk, watch, Visibility.HOUSEHOLD.isVisibleTo(c.role()), DashboardService.MIN_GROUP);
    }

    /**
     * Today's reach and a proposal's: a greenway segment (villages and industry bases within
     * {@code reach} metres) or a water works (villages within {@code reach} metres; today's water
     * reach as the cockpit defines it).
     *
     * @param kind "greenway" or "water_works"
     * @throws org.xiangtu.analysis.TimeBudgetExceededException when the deadline passes
     */
    public Map<String, Object> whatIf(String kind, Geometry proposal, double reach, Role role, Deadline deadline) {
        Map<String, List<Feature>> all = new LinkedHashMap<>();
        Function<String, List<Feature>> layer = id -> all.computeIfAbsent(id, k -> read(k, null, role));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("reach", reach);
        Measure measure = new Measure();
        Map<String, Object> prop = new LinkedHashMap<>();
        prop.put("type", proposal.getGeometryType());
        prop.put("length_m", round1(measure.lengthMetres(proposal)));
        out.put("proposal", prop);
        if (kind.equals("greenway")) {
            for (String target : List.of("villages", "industry_bases")) {
                Set<String> today = WhatIf.greenwayToday(layer.apply(target), layer.apply("greenways"), reach);
                deadline.check();
                out.put(target, reachDoc(layer.apply(target), WhatIf.compare(layer.apply(target), today, proposal, reach,
                        deadline)));
            }
        } else {
            Set<String> today = WhatIf.waterToday(layer.apply("villages"), layer.apply("water_pipes"),
                    layer.apply("water_works"));
            out.put("today_rule", Map.of("rural_supply_joined_to_town_main", true, "works_within_m", WhatIf.WATER_WORKS_REACH));
            deadline.check();
            out.put("villages", reachDoc(layer.apply("villages"), WhatIf.compare(layer.apply("villages"), today,
                    proposal, reach, deadline)));
            out.put("watch", watchWhatIf(layer.apply("villages"), today, layer.apply("water_works"), proposal, reach,
                    role, deadline));
        }
        return out;
    }

    /**
     * Households at risk (an open alert, or under monitoring) a proposed water works would newly reach: within
     * {@code reach} metres of it, and not reached today — today a household is reached when its village is
     * (the villages' rule, {@code todayVillages}) or a works lies within {@link WhatIf#WATER_WORKS_REACH} m of
     * it. Counted by {@link WatchArea#whatIf}. Null when the catalogue has no watch.
     */
    private Map<String, Object> watchWhatIf(List<Feature> villages, Set<String> todayVillages, List<Feature> works,
            Geometry proposal, double reach, Role role, Deadline deadline) {
        if (catalog.watch() == null) {
            return null;
        }
        Set<String> reachedCodes = new HashSet<>();
        villages.stream().filter(v -> todayVillages.contains(v.id()))
                .forEach(v -> reachedCodes.add(String.valueOf(v.properties().get("code"))));
        Map<String, Feature> atRisk = new TreeMap<>(); // household code → one record at its position
        for (Feature a : readWatch("watch_alerts", null)) {
            if (WatchStore.OPEN.equals(a.properties().get("status"))) {
                atRisk.putIfAbsent((String) a.properties().get("household_code"), a);
            }
        }
        for (Feature m : readWatch("watch_monitoring", null)) {
            if (m.properties().get("ended_on") == null) {
                atRisk.putIfAbsent((String) m.properties().get("household_code"), m);
            }
        }
        Measure measure = new Measure();
        Set<String> today = new HashSet<>();
        for (Map.Entry<String, Feature> h : atRisk.entrySet()) {
            if (reachedCodes.contains(String.valueOf(h.getValue().properties().get("village_code")))) {
                today.add(h.getKey());
            }
        }
        List<Feature> rest = atRisk.values().stream().filter(f -> !today.contains(code(f))).toList();
        Map<String, String> codeOf = new HashMap<>();
        rest.forEach(f -> codeOf.put(f.id(), code(f)));
        deadline.check();
        Geometries.within(rest, works, WhatIf.WATER_WORKS_REACH).forEach(id -> today.add(codeOf.get(id)));
        deadline.check();
        Set<String> proposed = new HashSet<>();
        Within.Zone near = Within.near(measure.metric(proposal), reach);
        for (Hit h : Within.reached(rest, near, measure, deadline)) {
            proposed.add(code(h.feature()));
        }
        return WatchArea.whatIf(atRisk.keySet(), today, proposed, Visibility.HOUSEHOLD.isVisibleTo(role),
                DashboardService.MIN_GROUP);
    }

    private static String code(Feature f) {
        return (String) f.properties().get("household_code");
    }

    /**
     * A watch layer's records (household data, whatever the role: only counts leave this service), with the
     * fields the counts need, in the box (null: all).
     */
    private List<Feature> readWatch(String layerId, Envelope box) {
        LayerDef layer = catalog.layer(layerId).orElse(null);
        if (layer == null || store.collection(layerId).isEmpty()) {
            return List.of();
        }
        List<String> fields = layer.fields().stream().map(FieldDef::name).filter(WATCH_FIELDS::contains).toList();
        return store.features(layerId, new FeatureQuery(box, Map.of(), null, fields, MAX_FEATURES, 0)).features();
    }

    private static Map<String, Object> reachDoc(List<Feature> targets, WhatIf.Reach r) {
        Map<String, Feature> byId = new LinkedHashMap<>();
        targets.forEach(f -> byId.put(f.id(), f));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", targets.size());
        m.put("before", r.today().size());
        m.put("after", r.after());
        m.put("proposal_reaches", r.proposal().size());
        m.put("today_ids", List.copyOf(r.today()));
        m.put("added_ids", r.added());
        m.put("added_names", r.added().stream().map(id -> byId.get(id).properties().get("name")).toList());
        return m;
    }

    private Map<String, Object> zoneDoc(Geometry drawn, Within.Zone zone) {
        Map<String, Object> z = new LinkedHashMap<>();
        z.put("type", drawn.getGeometryType());
        z.put("distance", zone.distance());
        z.put("area_m2", zone.isAreal() ? round1(zone.area().getArea()) : 0.0);
        z.put("area_mu", zone.isAreal() ? mu(zone.area().getArea()) : 0.0);
        z.put("length_m", zone.drawn() instanceof Lineal ? round1(zone.drawn().getLength()) : 0.0);
        z.put("perimeter_m", zone.drawn() instanceof Polygonal ? round1(zone.drawn().getLength()) : 0.0);
        z.put("tolerance_m", round1(zone.tolerance()));
        return z;
    }

    /** One {@code within} question: where to look, the zone, and the request's role and deadline. */
    private record Context(Envelope box, Within.Zone zone, Measure measure, Role role, Deadline deadline) {
    }

    private static double areaInside(Hit h, Context c) {
        c.deadline().check();
        return Within.areaInside(h.metric(), c.zone());
    }

    private static double lengthInside(Hit h, Context c) {
        c.deadline().check();
        return Within.lengthInside(h.metric(), c.zone());
    }

    private Map<String, Object> lines(String layer, String field, Context c) {
        List<Hit> hits = reached(layer, c);
        Map<String, Object> m = section(hits, null);
        m.put("km", km(Within.sum(hits, h -> lengthInside(h, c))));
        if (field != null) {
            Map<String, Double> by = Within.sumBy(hits, field, enumOf(layer, field), h -> lengthInside(h, c));
            by.replaceAll((k, metres) -> km(metres));
            m.put("km_by_" + field, by);
        }
        return m;
    }

    /** {count, ids, names[, codes]} of the hits. */
    private static Map<String, Object> section(List<Hit> hits, String codeField) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", hits.size());
        m.put("ids", hits.stream().map(h -> h.feature().id()).toList());
        List<Object> names = new ArrayList<>();
        hits.forEach(h -> names.add(h.feature().properties().get("name")));
        m.put("names", names);
        if (codeField != null) {
            List<Object> codes = new ArrayList<>();
            hits.forEach(h -> codes.add(h.feature().properties().get(codeField)));
            m.put("codes", codes);
        }
        return m;
    }

    private List<Hit> reached(String layer, Context c) {
        c.deadline().check();
        return Within.reached(read(layer, c.box(), c.role()), c.zone(), c.measure(), c.deadline());
    }

    private List<Feature> read(String layerId, Envelope box, Role role) {
        LayerDef layer = catalog.layerFor(role, layerId).orElse(null);
        if (layer == null || store.collection(layerId).isEmpty()) {
            return List.of();
        }
        List<String> fields = layer.fields().stream().map(FieldDef::name).toList();
        return store.features(layerId, new FeatureQuery(box, Map.of(), null, fields, MAX_FEATURES, 0)).features();
    }

    private boolean visible(String layer, String field, Role role) {
        return catalog.layer(layer).flatMap(l -> l.field(field)).map(f -> f.visibility().isVisibleTo(role))
                .orElse(false);
    }

    private List<String> enumOf(String layer, String field) {
        return catalog.layer(layer).flatMap(l -> l.field(field)).map(FieldDef::enumValues).orElse(List.of());
    }

    private static Map<String, Long> counts(Map<String, Double> sums) {
        Map<String, Long> out = new LinkedHashMap<>();
        sums.forEach((k, v) -> out.put(k, Math.round(v)));
        return out;
    }

    private static double mu(double sqm) {
        return Math.round(sqm / Measure.SQM_PER_MU * 100) / 100.0;
    }

    private static double km(double metres) {
        return Math.round(metres) / 1_000.0;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
