package org.xiangtu.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.buffer.BufferParameters;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;
import org.xiangtu.geo.Measure;
import org.xiangtu.store.Feature;

/**
 * What lies inside, or within a distance of, a drawn geometry: pure functions over geometries in
 * EPSG:4544 metres (the caller turns lon/lat into metres with {@link Measure#metric}).
 *
 * <p>A feature is <em>reached</em> when its distance to the drawn geometry is at most the distance
 * (exact, as {@link Geometries#within} measures reach; touching, to within {@value #TOUCH_TOLERANCE} m, counts;
 * distance 0 means intersecting). That test never grows the drawing: it is a prepared intersection
 * and an indexed facet distance ({@link IndexedFacetDistance#isWithinDistance}), whose cost grows
 * with the vertices of the drawing and of the feature, never with the distance.
 *
 * <p>The <em>parts inside</em> (area, length) are cut by the zone: the drawn geometry grown by the
 * distance. Growing a spiky drawing by a large distance is where JTS's {@code buffer()} spends
 * minutes (a zig-zag of 200 vertices grown by 20 km: seconds; of 2,000: ten minutes), so the zone
 * is built to a stated tolerance instead: the drawing is simplified by {@code distance / 100}
 * ({@link TopologyPreservingSimplifier}); a small result is buffered directly
 * ({@value #QUADRANT_SEGMENTS} segments a quarter circle, without JTS's own input simplification), a larger one is grown as the union of its
 * segments' capsules ({@value #COARSE_QUADRANT_SEGMENTS} segments a quarter circle), joined pairwise
 * with the deadline checked before each union. Either way the zone holds every point nearer the
 * drawing than {@code distance − tolerance} and none farther than {@code distance + tolerance}, where
 * {@link Zone#tolerance()} is the simplification's {@code distance / 100} plus the arcs' sag,
 * {@code distance · (1 − cos(π / 4q))} for q segments a quarter circle (at most 1.5 % of the distance).
 */
public final class Within {
    /** Segments per quarter circle of the zone's buffer: a circle's area comes out 0.04 % short of πr². */
    public static final int QUADRANT_SEGMENTS = 32;
    /** Segments per quarter circle of the capsules of a detailed drawing: arcs fall 0.5 % of the distance short. */
    public static final int COARSE_QUADRANT_SEGMENTS = 8;
    /** A simplified drawing of at most this many vertices is buffered directly (bounded cost even when spiky). */
    public static final int DIRECT_BUFFER_VERTICES = 32;
    /** The zone's drawing is simplified by the distance divided by this. */
    public static final double SIMPLIFY_DIVISOR = 100;

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
     * @param area the drawn geometry grown by {@code distance}; the drawn geometry itself when 0; null when
     *     only the reach test was asked for ({@link #near})
     * @param tolerance metres by which {@code area} may miss the exact zone: it holds every point nearer the
     *     drawing than {@code distance − tolerance} and none farther than {@code distance + tolerance} (0 when exact)
     * @param prepared {@code drawn}, prepared for intersection tests
     * @param facets {@code drawn}, indexed for distance tests
     * @param preparedArea {@code area} prepared, so a feature wholly inside needs no overlay; null when area is
     */
    public record Zone(Geometry drawn, double distance, Geometry area, double tolerance, PreparedGeometry prepared,
            IndexedFacetDistance facets, PreparedGeometry preparedArea) {
        /** Whether the zone has an area (a polygon drawn, or any geometry grown by a distance). */
        public boolean isAreal() {
            return area instanceof Polygonal && !area.isEmpty();
        }

        /** The box (metres) a feature must come into to be reached: the drawing's grown by the distance. */
        public Envelope box() {
            Envelope e = new Envelope(drawn.getEnvelopeInternal());
            e.expandBy(Math.max(distance, TOUCH_TOLERANCE));
            return e;
        }
    }

    /** One reached feature with its metric geometry. */
    public record Hit(Feature feature, Geometry metric) {
    }

    /** The zone of a drawn metric geometry grown by {@code distance} metres, with no time limit. */
    public static Zone zone(Geometry drawn, double distance) {
        return zone(drawn, distance, Deadline.NONE);
    }

    /**
     * The zone of a drawn metric geometry grown by {@code distance} metres (see the class comment for
     * how and to what tolerance).
     *
     * @throws TimeBudgetExceededException when the deadline passes while growing it
     */
    public static Zone zone(Geometry drawn, double distance, Deadline deadline) {
        checkDistance(distance);
        if (distance == 0) {
            PreparedGeometry prepared = PreparedGeometryFactory.prepare(drawn);
            return new Zone(drawn, 0, drawn, 0, prepared, new IndexedFacetDistance(drawn), prepared);
        }
        double tolerance = distance / SIMPLIFY_DIVISOR;
        Geometry simple = TopologyPreservingSimplifier.simplify(drawn, tolerance);
        deadline.check();
        Geometry area;
        if (simple.getNumPoints() <= DIRECT_BUFFER_VERTICES) {
            area = BufferOp.bufferOp(simple, distance, exactBuffer(QUADRANT_SEGMENTS));
            tolerance += distance * (1 - Math.cos(Math.PI / (4 * QUADRANT_SEGMENTS)));
        } else {
            area = capsules(simple, distance, deadline);
            tolerance += distance * (1 - Math.cos(Math.PI / (4 * COARSE_QUADRANT_SEGMENTS)));
        }
        return new Zone(drawn, distance, area, tolerance, PreparedGeometryFactory.prepare(drawn),
                new IndexedFacetDistance(drawn), PreparedGeometryFactory.prepare(area));
    }

    /**
     * Buffer parameters with round ends and joins, without JTS's own simplification of the input
     * (which would move the zone's edge inwards by up to a hundredth of the distance, uncounted).
     */
    public static BufferParameters exactBuffer(int quadrantSegments) {
        BufferParameters p = new BufferParameters(quadrantSegments);
        p.setSimplifyFactor(0);
        return p;
    }

    /** Only what the reach test needs (no grown area): for selections that keep whole features. */
    public static Zone near(Geometry drawn, double distance) {
        checkDistance(distance);
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(drawn);
        return new Zone(drawn, distance, distance == 0 ? drawn : null, 0, prepared, new IndexedFacetDistance(drawn),
                distance == 0 ? prepared : null);
    }

    private static void checkDistance(double distance) {
        if (!(distance >= 0) || Double.isInfinite(distance)) {
            throw new IllegalArgumentException("distance must be ≥ 0 metres, not " + distance);
        }
    }

    /**
     * {@code g} grown by {@code distance}: its polygons joined with a capsule around each segment
     * (a disc around each point), unioned pairwise in drawing order, so neighbours that overlap
     * merge first and no union holds more than the zone's own edge.
     */
    private static Geometry capsules(Geometry g, double distance, Deadline deadline) {
        GeometryFactory f = g.getFactory();
        List<Geometry> parts = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Point) {
                parts.add(part.buffer(distance, COARSE_QUADRANT_SEGMENTS));
                continue;
            }
            for (Object o : LinearComponentExtracter.getLines(part)) {
                Coordinate[] c = ((LineString) o).getCoordinates();
                for (int k = 0; k + 1 < c.length; k++) {
                    parts.add(f.createLineString(new Coordinate[] {c[k], c[k + 1]})
                            .buffer(distance, COARSE_QUADRANT_SEGMENTS));
                }
                deadline.check();
            }
            if (part instanceof Polygonal) {
                parts.add(part);
            }
        }
        while (parts.size() > 1) {
            List<Geometry> next = new ArrayList<>((parts.size() + 1) / 2);
            for (int i = 0; i < parts.size(); i += 2) {
                deadline.check();
                next.add(i + 1 < parts.size()
                        ? OverlayNGRobust.overlay(parts.get(i), parts.get(i + 1), OverlayNG.UNION) : parts.get(i));
            }
            parts = next;
        }
        return parts.isEmpty() ? f.createPolygon() : parts.get(0);
    }

    /** The features (lon/lat) reached by the zone, in their order, with their metric geometry; no time limit. */
    public static List<Hit> reached(Collection<Feature> features, Zone zone, Measure measure) {
        return reached(features, zone, measure, Deadline.NONE);
    }

    /**
     * The features (lon/lat) reached by the zone, in their order, with their metric geometry.
     *
     * @throws TimeBudgetExceededException when the deadline passes (checked per feature)
     */
    public static List<Hit> reached(Collection<Feature> features, Zone zone, Measure measure, Deadline deadline) {
        List<Hit> out = new ArrayList<>();
        double within = Math.max(zone.distance(), TOUCH_TOLERANCE);
        Envelope box = zone.box();
        for (Feature f : features) {
            deadline.check();
            if (f.geometry() == null || f.geometry().isEmpty()) {
                continue;
            }
            Geometry g = measure.metric(f.geometry());
            if (!box.intersects(g.getEnvelopeInternal())) {
                continue;
            }
            if (zone.prepared().intersects(g) || zone.facets().isWithinDistance(g, within)) {
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
        if (zone.preparedArea().covers(metric)) {
            return metric.getArea();
        }
        return OverlayNGRobust.overlay(metric, zone.area(), OverlayNG.INTERSECTION).getArea();
    }

    /** Length in metres of the part of {@code metric} (a line) inside the zone (0 if the zone has no area). */
    public static double lengthInside(Geometry metric, Zone zone) {
        if (!zone.isAreal() || metric.getDimension() != 1) {
            return 0;
        }
        if (zone.preparedArea().covers(metric)) {
            return metric.getLength();
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
