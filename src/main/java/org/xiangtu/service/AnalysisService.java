package org.xiangtu.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.xiangtu.analysis.WhatIf;
import org.xiangtu.analysis.Within;
import org.xiangtu.analysis.Within.Hit;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.geo.GaussKruger;
import org.xiangtu.geo.Measure;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureStore;

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

    private final Catalog catalog;
    private final FeatureStore store;

    public AnalysisService(Catalog catalog, FeatureStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /** The lon/lat box to ask the store for candidates that may reach the zone (its index then the exact test). */
    public static Envelope searchBox(Within.Zone zone) {
        Envelope box = new GaussKruger().toLonLat(zone.area().getEnvelope()).getEnvelopeInternal();
        box.expandBy(BOX_MARGIN);
        return box;
    }

    /**
     * What lies inside (distance 0) or within {@code distance} metres of {@code drawn}.
     *
     * @param drawn a valid lon/lat geometry (EPSG:4490)
     */
    public Map<String, Object> within(Geometry drawn, double distance, Role role) {
        Measure measure = new Measure();
        GaussKruger gk = new GaussKruger();
        Geometry metric = measure.metric(drawn);
        Within.Zone zone = Within.zone(metric, distance);
        Envelope box = searchBox(zone);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zone", zoneDoc(drawn, zone));
        List<Hit> villages = reached("villages", box, zone, measure, role);
        Map<String, Object> v = section(villages, "code");
        for (String f : List.of("households", "population", "poor_households", "poor_people")) {
            v.put(f, visible("villages", f, role) ? (Object) Math.round(Within.sumOf(villages, f)) : null);
        }
        out.put("villages", v);

        List<Hit> bases = reached("industry_bases", box, zone, measure, role);
        Map<String, Object> b = section(bases, null);
        b.put("mu", mu(Within.sum(bases, h -> Within.areaInside(h.metric(), zone))));
        Map<String, Double> byCategory = Within.sumBy(bases, "category", enumOf("industry_bases", "category"),
                h -> Within.areaInside(h.metric(), zone));
        byCategory.replaceAll((k, sqm) -> mu(sqm));
        b.put("mu_by_category", byCategory);
        out.put("industry_bases", b);

        out.put("water_pipes", lines("water_pipes", "kind", box, zone, measure, role));
        out.put("roads", lines("roads", "grade", box, zone, measure, role));
        out.put("greenways", lines("greenways", null, box, zone, measure, role));
        out.put("water_works", section(reached("water_works", box, zone, measure, role), null));
        out.put("greenway_stations", section(reached("greenway_stations", box, zone, measure, role), null));

        List<Hit> projects = reached("projects", box, zone, measure, role);
        Map<String, Object> p = section(projects, null);
        p.put("by_status", counts(Within.sumBy(projects, "status", enumOf("projects", "status"), h -> 1)));
        out.put("projects", p);
        return out;
    }

    /**
     * Today's reach and a proposal's: a greenway segment (villages and industry bases within
     * {@code reach} metres) or a water works (villages within {@code reach} metres; today's water
     * reach as the cockpit defines it).
     *
     * @param kind "greenway" or "water_works"
     */
    public Map<String, Object> whatIf(String kind, Geometry proposal, double reach, Role role) {
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
                out.put(target, reachDoc(layer.apply(target), WhatIf.compare(layer.apply(target), today, proposal, reach)));
            }
        } else {
            Set<String> today = WhatIf.waterToday(layer.apply("villages"), layer.apply("water_pipes"),
                    layer.apply("water_works"));
            out.put("today_rule", Map.of("rural_supply_crossing", true, "works_within_m", WhatIf.WATER_WORKS_REACH));
            out.put("villages", reachDoc(layer.apply("villages"), WhatIf.compare(layer.apply("villages"), today,
                    proposal, reach)));
        }
        return out;
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
        return z;
    }

    private Map<String, Object> lines(String layer, String field, Envelope box, Within.Zone zone, Measure measure,
            Role role) {
        List<Hit> hits = reached(layer, box, zone, measure, role);
        Map<String, Object> m = section(hits, null);
        m.put("km", km(Within.sum(hits, h -> Within.lengthInside(h.metric(), zone))));
        if (field != null) {
            Map<String, Double> by = Within.sumBy(hits, field, enumOf(layer, field),
                    h -> Within.lengthInside(h.metric(), zone));
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

    private List<Hit> reached(String layer, Envelope box, Within.Zone zone, Measure measure, Role role) {
        return Within.reached(read(layer, box, role), zone, measure);
    }

    private List<Feature> read(String layerId, Envelope box, Role role) {
        LayerDef layer = catalog.layer(layerId).orElse(null);
        if (layer == null || store.collection(layerId).isEmpty()) {
            return List.of();
        }
        List<String> fields = layer.fieldsVisibleTo(role).stream().map(FieldDef::name).toList();
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
