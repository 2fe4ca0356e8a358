package org.xiangtu.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;
import org.xiangtu.analysis.Deadline;
import org.xiangtu.analysis.Suppression;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.geo.Measure;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.InvalidQueryException;

/**
 * The planners' question of the relapse watch (docs/relapse-watch.md): of the households at risk (an open
 * alert, or under monitoring), how many lie farther than a distance from any feature of a public layer
 * (water works, roads, industry bases…), per town and in the district. Distances in the metric CRS
 * (CGCS2000 Gauss–Krüger). Households are personal data, so the answer is counts only, by town, with the
 * small-group rule: a figure about fewer than {@link DashboardService#MIN_GROUP} households is withheld, with
 * complementary suppression so that no withheld figure follows from the published ones and their total.
 */
public final class WatchReachService {
    private static final int MAX_FEATURES = 1_000_000;
    private final Catalog catalog;
    private final FeatureStore store;

    public WatchReachService(Catalog catalog, FeatureStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /**
     * @throws InvalidQueryException naming {@code layer} (not a public spatial layer the role may see)
     */
    public Map<String, Object> reach(String layerId, double distance, Role role, Deadline deadline) {
        LayerDef layer = catalog.layerFor(role, layerId == null ? "" : layerId)
                .filter(l -> l.isSpatial() && l.visibility() == Visibility.PUBLIC && !l.id().startsWith("pl-"))
                .orElseThrow(() -> new InvalidQueryException("layer", "'layer' must be a public map layer of the "
                        + "catalogue, e.g. water_works, roads or industry_bases."));
        Measure measure = new Measure();
        STRtree targets = new STRtree();
        for (Feature f : all(layer.id())) {
            if (f.geometry() != null) {
                Geometry g = measure.metric(f.geometry());
                targets.insert(g.getEnvelopeInternal(), g);
            }
            deadline.check();
        }
        Map<String, Geometry> atRisk = new TreeMap<>(); // household code → its position (metric)
        for (Feature a : all("watch_alerts")) {
            if ("open".equals(a.properties().get("status")) && a.geometry() != null) {
                atRisk.putIfAbsent((String) a.properties().get("household_code"), measure.metric(a.geometry()));
            }
        }
        for (Feature m : all("watch_monitoring")) {
            if (m.properties().get("ended_on") == null && m.geometry() != null) {
                atRisk.putIfAbsent((String) m.properties().get("household_code"), measure.metric(m.geometry()));
            }
        }
        Map<String, String> townOf = new java.util.HashMap<>(); // village code → its town's code
        for (Feature v : all("villages")) {
            townOf.put((String) v.properties().get("code"), (String) v.properties().get("town_code"));
        }
        Map<String, long[]> byTown = new TreeMap<>(); // town code → {at risk, farther}
        for (Map.Entry<String, Geometry> h : atRisk.entrySet()) {
            deadline.check();
            String village = h.getKey().substring(0, Math.min(12, h.getKey().length()));
            long[] n = byTown.computeIfAbsent(townOf.getOrDefault(village, village), k -> new long[2]);
            n[0]++;
            if (!near(targets, h.getValue(), distance)) {
                n[1]++;
            }
        }
        return answer(layer, distance, byTown);
    }

    @SuppressWarnings("unchecked")
    private static boolean near(STRtree targets, Geometry point, double distance) {
        Envelope box = new Envelope(point.getEnvelopeInternal());
        box.expandBy(distance);
        for (Geometry g : (List<Geometry>) targets.query(box)) {
            if (g.isWithinDistance(point, distance)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Object> answer(LayerDef layer, double distance, Map<String, long[]> byTown) {
        Map<String, String> names = new TreeMap<>();
        for (Feature t : all("towns")) {
            names.put((String) t.properties().get("code"), (String) t.properties().get("name"));
        }
        Suppression.Plan atRiskPlan = plan(byTown, 0);
        Suppression.Plan fartherPlan = plan(byTown, 1);
        long total = byTown.values().stream().mapToLong(n -> n[0]).sum();
        long farther = byTown.values().stream().mapToLong(n -> n[1]).sum();
        List<Map<String, Object>> towns = new ArrayList<>();
        for (Map.Entry<String, long[]> t : byTown.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", t.getKey());
            m.put("name", names.get(t.getKey()));
            m.put("at_risk", atRiskPlan.isCellSuppressed(t.getKey()) ? null : t.getValue()[0]);
            m.put("farther", fartherPlan.isCellSuppressed(t.getKey()) ? null : t.getValue()[1]);
            towns.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("layer", layer.id());
        out.put("title", layer.title());
        out.put("distance_m", distance);
        out.put("at_risk", atRiskPlan.root() ? null : total);
        out.put("farther", fartherPlan.root() ? null : farther);
        out.put("towns", towns);
        out.put("min_group", DashboardService.MIN_GROUP);
        out.put("withheld", "null: a figure about fewer than " + DashboardService.MIN_GROUP
                + " households, or one that would let such a figure be worked out");
        return out;
    }

    /** One table (at risk, or farther): a cell per town of its count, all in one parent (the district). */
    private static Suppression.Plan plan(Map<String, long[]> byTown, int column) {
        List<Suppression.Cell> cells = new ArrayList<>();
        byTown.forEach((town, n) -> cells.add(new Suppression.Cell(town, "district", n[column], null)));
        return Suppression.plan(cells, DashboardService.MIN_GROUP);
    }

    private List<Feature> all(String layerId) {
        LayerDef layer = catalog.layer(layerId).orElse(null);
        if (layer == null || store.collection(layerId).isEmpty()) {
            return List.of();
        }
        List<String> fields = layer.fields().stream().map(FieldDef::name).filter(f -> Set.of("code", "name", "status",
                "household_code", "ended_on", "town_code").contains(f)).toList();
        return store.features(layerId, new FeatureQuery(null, Map.of(), null, fields, MAX_FEATURES, 0)).features();
    }
}
