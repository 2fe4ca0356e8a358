package org.xiangtu.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.xiangtu.geo.Measure;
import org.xiangtu.store.Feature;

/**
 * What lies inside, or within a distance of, a drawn geometry: pure functions over geometries in
 * EPSG:4544 metres (the caller turns lon/lat into metres with {@link Measure#metric}).
 *
 * <p>A feature is <em>reached</em> when its distance to the drawn geometry is at most the distance
 * (exact, as {@link Geometries#within} measures reach; touching, to within {@value #TOUCH_TOLERANCE} m, counts;
 * distance 0 means intersecting). The <em>parts inside</em> (area, length) are cut by the zone: the drawn geometry
 * grown by the distance, a buffer of {@value #QUADRANT_SEGMENTS} segments a quarter circle.
 */
public final class Within {
    /** Segments per quarter circle of the zone's buffer: a circle's area comes out 0.04 % short of πr². */
    public static final int QUADRANT_SEGMENTS = 32;

    /**
     * Metres within which a feature counts as touching the drawn geometry at distance 0: a shared edge
     * stored in lon/lat comes back from the projection a few nanometres off.
     */
    public static final double TOUCH_TOLERANCE = 0.001;

    private Within() {
    }

    /**
     * The drawn geometry and its zone, both in metres.
     *
     * @param drawn the drawn geometry (EPSG:4544)
     * @param distance metres (≥ 0)
     * @param area the drawn geometry grown by {@code distance}; the drawn geometry itself when 0
     */
    public record Zone(Geometry drawn, double distance, Geometry area, PreparedGeometry prepared) {
        /** Whether the zone has an area (a polygon drawn, or any geometry grown by a distance). */
        public boolean isAreal() {
            return area instanceof Polygonal && !area.isEmpty();
        }
    }

    /** One reached feature with its metric geometry. */
    public record Hit(Feature feature, Geometry metric) {
    }

    /** The zone of a drawn metric geometry grown by {@code distance} metres. */
    public static Zone zone(Geometry drawn, double distance) {
        if (!(distance >= 0) || Double.isInfinite(distance)) {
            throw new IllegalArgumentException("distance must be ≥ 0 metres, not " + distance);
        }
        Geometry area = distance > 0 ? drawn.buffer(distance, QUADRANT_SEGMENTS) : drawn;
        return new Zone(drawn, distance, area, PreparedGeometryFactory.prepare(drawn));
    }

    /** The features (lon/lat) reached by the zone, in their order, with their metric geometry. */
    public static List<Hit> reached(Collection<Feature> features, Zone zone, Measure measure) {
        List<Hit> out = new ArrayList<>();
        for (Feature f : features) {
            if (f.geometry() == null || f.geometry().isEmpty()) {
                continue;
            }
            Geometry g = measure.metric(f.geometry());
            boolean hit = zone.prepared().intersects(g)
                    || zone.drawn().isWithinDistance(g, Math.max(zone.distance(), TOUCH_TOLERANCE));
            if (hit) {
                out.add(new Hit(f, g));
            }
        }
        return out;
    }

    /** Area in m² of the part of {@code metric} inside the zone (0 if either has no area). */
    public static double areaInside(Geometry metric, Zone zone) {
        if (!zone.isAreal() || !(metric instanceof Polygonal)) {
            return 0;
        }
        return OverlayNGRobust.overlay(metric, zone.area(), OverlayNG.INTERSECTION).getArea();
    }

    /** Length in metres of the part of {@code metric} (a line) inside the zone (0 if the zone has no area). */
    public static double lengthInside(Geometry metric, Zone zone) {
        if (!zone.isAreal() || metric.getDimension() != 1) {
            return 0;
        }
        return OverlayNGRobust.overlay(metric, zone.area(), OverlayNG.INTERSECTION).getLength();
    }

    /** The sum of {@code amount} over the hits. */
    public static double sum(Collection<Hit> hits, ToDoubleFunction<Hit> amount) {
        return hits.stream().mapToDouble(amount).sum();
    }

    /**
     * The sum of {@code amount} per value of {@code field}, starting from {@code keys} (at 0, in
     * their order), then any other value in first-seen order ({@code "null"} for a missing one).
     */
    public static Map<String, Double> sumBy(Collection<Hit> hits, String field, List<String> keys,
            ToDoubleFunction<Hit> amount) {
        Map<String, Double> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k, 0.0));
        for (Hit h : hits) {
            out.merge(String.valueOf(h.feature().properties().get(field)), amount.applyAsDouble(h), Double::sum);
        }
        return out;
    }

    /** The sum of a numeric property over the hits (missing and non-numeric values count 0). */
    public static double sumOf(Collection<Hit> hits, String field) {
        return Aggregates.sum(hits.stream().map(Hit::feature).toList(), field);
    }
}
