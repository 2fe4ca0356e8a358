package org.xiangtu.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;
import org.xiangtu.geo.Measure;
import org.xiangtu.store.Feature;

/**
 * Lengths, areas and reach of lon/lat features, measured in metres in EPSG:4544 (never in degrees).
 * Pure functions; each call makes its own {@link Measure}, so they are safe to call from any thread.
 */
public final class Geometries {
    private Geometries() {
    }

    /** Total length of the features' geometries, in metres. */
    public static double lengthMetres(Collection<Feature> lines) {
        Measure m = new Measure();
        return lines.stream().mapToDouble(f -> m.lengthMetres(f.geometry())).sum();
    }

    /** Total area of the features' geometries, in mu (1 mu = 666.67 m²). */
    public static double areaMu(Collection<Feature> areas) {
        Measure m = new Measure();
        return areas.stream().mapToDouble(f -> m.areaMu(f.geometry())).sum();
    }

    /** Area in mu per value of {@code field} (e.g. industry base category), in first-seen order. */
    public static Map<String, Double> areaMuBy(Collection<Feature> areas, String field) {
        Measure m = new Measure();
        Map<String, Double> out = new LinkedHashMap<>();
        for (Feature f : areas) {
            out.merge(String.valueOf(f.properties().get(field)), m.areaMu(f.geometry()), Double::sum);
        }
        return out;
    }

    /** Length in metres of the lines' parts that lie inside the areas. */
    public static double lengthInsideMetres(Collection<Feature> lines, Collection<Feature> areas) {
        Measure m = new Measure();
        List<Geometry> metricAreas = areas.stream().map(a -> m.metric(a.geometry())).toList();
        double total = 0;
        for (Feature l : lines) {
            Geometry line = m.metric(l.geometry());
            for (Geometry a : metricAreas) {
                if (a.getEnvelopeInternal().intersects(line.getEnvelopeInternal())) {
                    total += line.intersection(a).getLength();
                }
            }
        }
        return total;
    }

    /**
     * The ids of the features lying within {@code metres} of any of the lines (distance measured in
     * EPSG:4544; touching counts).
     */
    public static List<String> within(Collection<Feature> features, Collection<Feature> lines, double metres) {
        Measure m = new Measure();
        STRtree index = new STRtree();
        for (Feature l : lines) {
            if (l.geometry() != null) {
                Geometry g = m.metric(l.geometry());
                index.insert(g.getEnvelopeInternal(), g);
            }
        }
        List<String> out = new ArrayList<>();
        for (Feature f : features) {
            if (f.geometry() == null) {
                continue;
            }
            Geometry g = m.metric(f.geometry());
            var env = g.getEnvelopeInternal().copy();
            env.expandBy(metres);
            @SuppressWarnings("unchecked")
            List<Geometry> near = index.query(env);
            if (near.stream().anyMatch(line -> g.isWithinDistance(line, metres))) {
                out.add(f.id());
            }
        }
        return out;
    }
}
