package org.xiangtu.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import org.locationtech.jts.algorithm.InteriorPointArea;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.locationtech.jts.operation.union.CascadedPolygonUnion;
import org.xiangtu.geo.GaussKruger;

/**
 * Lays out the western-suburb greenway: a connected zone of villages spanning the required number of
 * towns, and a meandering route of the required length that visits every zone village while staying
 * more than the reach distance away from every other village — so the reach at 1,000 m is exactly
 * the zone, by construction, and is then checked.
 */
final class GreenwayPlanner {
    /** The route keeps this far inside the zone; more than the 1,000 m reach, for rounding and smoothing. */
    static final double MARGIN = 1_200;
    private static final double CELL = 120;
    private static final double WAVELENGTH = 1_400;

    record Plan(List<Geography.Village> zone, LineString route) {
    }

    private GreenwayPlanner() {
    }

    static Plan plan(Geography geo, Targets t) {
        List<Geography.Village> villages = geo.villages;
        Coordinate seat = geo.towns.get(0).seat();
        for (double dx : new double[] {-7_000, -9_000, -5_000, -11_000, -13_000}) {
            for (double dy : new double[] {0, 3_000, -3_000, 6_000, -6_000}) {
                Coordinate centre = new Coordinate(seat.x + dx, seat.y + dy);
                List<Geography.Village> zone = grow(villages, centre, t.greenwayVillages(), t.greenwayTowns());
                if (zone == null) {
                    continue;
                }
                LineString route = route(zone, villages, t.greenwayMetres());
                if (route != null && reach(villages, route) == t.greenwayVillages()) {
                    return new Plan(zone, route);
                }
            }
        }
        throw new IllegalStateException("no greenway zone fits the published reach");
    }

    /** The number of villages within 1,000 m of the route. */
    static long reach(List<Geography.Village> villages, LineString route) {
        return villages.stream().filter(v -> v.area().isWithinDistance(route, 1_000)).count();
    }

    private static List<Geography.Village> grow(List<Geography.Village> all, Coordinate centre, int count, int towns) {
        Geography.Village start = null;
        for (Geography.Village v : all) {
            if (v.area().contains(GaussKruger.METRIC.createPoint(centre))) {
                start = v;
            }
        }
        if (start == null) {
            return null;
        }
        List<Geography.Village> zone = new ArrayList<>(List.of(start));
        Set<String> townCodes = new LinkedHashSet<>(List.of(start.town().def().code()));
        while (zone.size() < count) {
            Geography.Village best = null;
            for (Geography.Village v : all) {
                if (zone.contains(v) || (!townCodes.contains(v.town().def().code()) && townCodes.size() >= towns)) {
                    continue;
                }
                boolean adjacent = zone.stream().anyMatch(z -> z.area().getEnvelopeInternal()
                        .intersects(v.area().getEnvelopeInternal()) && z.area().intersects(v.area()));
                if (adjacent && (best == null || v.seat().distance(centre) < best.seat().distance(centre))) {
                    best = v;
                }
            }
            if (best == null) {
                return null;
            }
            zone.add(best);
            townCodes.add(best.town().def().code());
        }
        return townCodes.size() == towns ? zone : null;
    }

    /**
     * The route may run anywhere in the zone that is more than {@link #MARGIN} from every village
     * outside it (the district's own edge needs no margin); it must come within 900 m of each zone
     * village.
     */
    private static LineString route(List<Geography.Village> zone, List<Geography.Village> all, double length) {
        Geometry union = CascadedPolygonUnion.union(zone.stream().map(Geography.Village::area).toList());
        Envelope near = new Envelope(union.getEnvelopeInternal());
        near.expandBy(MARGIN * 2);
        List<Geometry> outside = all.stream().filter(v -> !zone.contains(v)
                && v.area().getEnvelopeInternal().intersects(near)).map(Geography.Village::area).toList();
        Geometry core = Ops.difference(union, CascadedPolygonUnion.union(outside).buffer(MARGIN));
        Geometry part = largest(core);
        if (part == null) {
            return null;
        }
        List<Coordinate> anchors = new ArrayList<>();
        for (Geography.Village v : zone) {
            Geometry reachable = Ops.intersection(v.area().buffer(900), part);
            if (reachable.getArea() < 50_000) {
                return null;
            }
            anchors.add(new InteriorPointArea(reachable).getInteriorPoint());
            // a second stop in the bigger villages: the route tours them rather than zigzagging
            Geometry rest = Ops.difference(reachable,
                    GaussKruger.METRIC.createPoint(anchors.get(anchors.size() - 1)).buffer(900));
            if (rest.getArea() > 400_000) {
                anchors.add(new InteriorPointArea(largest(rest)).getInteriorPoint());
            }
        }
        List<Coordinate> tour = tour(anchors);
        Grid grid = new Grid(part);
        List<Coordinate> path = new ArrayList<>();
        path.add(tour.get(0));
        for (int i = 1; i < tour.size(); i++) {
            List<Coordinate> leg = grid.path(tour.get(i - 1), tour.get(i));
            if (leg == null) {
                return null;
            }
            path.addAll(leg.subList(1, leg.size()));
        }
        LineString base = smooth(GaussKruger.METRIC.createLineString(path.toArray(new Coordinate[0])));
        if (base.getLength() > length) {
            return null;
        }
        return meander(base, part, length);
    }

    private static Geometry largest(Geometry g) {
        Geometry best = null;
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (best == null || g.getGeometryN(i).getArea() > best.getArea()) {
                best = g.getGeometryN(i);
            }
        }
        return best == null || best.isEmpty() ? null : best;
    }

    /** A nearest-neighbour tour starting from the anchor nearest the east (the town side). */
    private static List<Coordinate> tour(List<Coordinate> anchors) {
        List<Coordinate> left = new ArrayList<>(anchors);
        left.sort((a, b) -> Double.compare(b.x, a.x));
        List<Coordinate> out = new ArrayList<>(List.of(left.remove(0)));
        while (!left.isEmpty()) {
            Coordinate last = out.get(out.size() - 1);
            Coordinate next = left.stream().min((a, b) -> Double.compare(a.distance(last), b.distance(last))).orElseThrow();
            left.remove(next);
            out.add(next);
        }
        return out;
    }

    /** Chaikin corner cutting, twice: grid steps become a gently curving path. */
    private static LineString smooth(LineString line) {
        Coordinate[] c = simplifyGrid(line.getCoordinates());
        for (int pass = 0; pass < 2; pass++) {
            List<Coordinate> out = new ArrayList<>();
            out.add(c[0]);
            for (int i = 0; i + 1 < c.length; i++) {
                out.add(new Coordinate(0.75 * c[i].x + 0.25 * c[i + 1].x, 0.75 * c[i].y + 0.25 * c[i + 1].y));
                out.add(new Coordinate(0.25 * c[i].x + 0.75 * c[i + 1].x, 0.25 * c[i].y + 0.75 * c[i + 1].y));
            }
            out.add(c[c.length - 1]);
            c = out.toArray(new Coordinate[0]);
        }
        return GaussKruger.METRIC.createLineString(c);
    }

    /** Drops grid points that lie on a straight run. */
    private static Coordinate[] simplifyGrid(Coordinate[] c) {
        List<Coordinate> out = new ArrayList<>();
        out.add(c[0]);
        for (int i = 1; i + 1 < c.length; i++) {
            double cross = (c[i].x - c[i - 1].x) * (c[i + 1].y - c[i].y) - (c[i].y - c[i - 1].y) * (c[i + 1].x - c[i].x);
            if (Math.abs(cross) > 1e-6 && !c[i].equals2D(out.get(out.size() - 1))) {
                out.add(c[i]);
            }
        }
        out.add(c[c.length - 1]);
        return out.toArray(new Coordinate[0]);
    }

    /**
     * Adds a gentle side-to-side meander (wavelength 1.4 km) whose amplitude is found by bisection so the
     * route is exactly {@code length} metres, never swinging closer than 80 m to the zone's core edge.
     */
    private static LineString meander(LineString base, Geometry core, double length) {
        List<Coordinate> pts = new ArrayList<>();
        List<double[]> normals = new ArrayList<>();
        List<Double> room = new ArrayList<>();
        List<Double> along = new ArrayList<>();
        Coordinate[] c = base.getCoordinates();
        double s = 0;
        Geometry edge = core.getBoundary();
        for (int i = 0; i + 1 < c.length; i++) {
            double seg = c[i].distance(c[i + 1]);
            if (seg < 1e-6) {
                continue;
            }
            int n = Math.max(1, (int) Math.ceil(seg / 40));
            double nx = -(c[i + 1].y - c[i].y) / seg;
            double ny = (c[i + 1].x - c[i].x) / seg;
            for (int k = 0; k < n; k++) {
                double f = (double) k / n;
                Coordinate p = new Coordinate(c[i].x + f * (c[i + 1].x - c[i].x), c[i].y + f * (c[i + 1].y - c[i].y));
                pts.add(p);
                normals.add(new double[] {nx, ny});
                room.add(Math.max(0, DistanceOp.distance(GaussKruger.METRIC.createPoint(p), edge) - 80));
                along.add(s + f * seg);
            }
            s += seg;
        }
        pts.add(c[c.length - 1]);
        normals.add(normals.get(normals.size() - 1));
        room.add(0.0);
        along.add(s);
        double lo = 0;
        double hi = 300;
        if (build(pts, normals, room, along, hi).getLength() < length) {
            return null;
        }
        LineString best = base;
        for (int it = 0; it < 60; it++) {
            double mid = (lo + hi) / 2;
            best = build(pts, normals, room, along, mid);
            if (best.getLength() < length) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return best;
    }

    private static LineString build(List<Coordinate> pts, List<double[]> normals, List<Double> room, List<Double> along,
            double amplitude) {
        Coordinate[] out = new Coordinate[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            double a = Math.min(amplitude, room.get(i)) * StrictMath.sin(2 * StrictMath.PI * along.get(i) / WAVELENGTH);
            out[i] = new Coordinate(pts.get(i).x + normals.get(i)[0] * a, pts.get(i).y + normals.get(i)[1] * a);
        }
        return GaussKruger.METRIC.createLineString(out);
    }

    /** A raster of the zone core for shortest paths that stay inside it. */
    private static final class Grid {
        private final Envelope env;
        private final int w;
        private final int h;
        private final boolean[] inside;

        Grid(Geometry core) {
            env = core.getEnvelopeInternal();
            w = (int) Math.ceil(env.getWidth() / CELL) + 1;
            h = (int) Math.ceil(env.getHeight() / CELL) + 1;
            inside = new boolean[w * h];
            PreparedGeometry p = PreparedGeometryFactory.prepare(core);
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    inside[j * w + i] = p.contains(GaussKruger.METRIC.createPoint(centre(i, j)));
                }
            }
        }

        private Coordinate centre(int i, int j) {
            return new Coordinate(env.getMinX() + i * CELL, env.getMinY() + j * CELL);
        }

        private int nearest(Coordinate c) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int k = 0; k < inside.length; k++) {
                if (inside[k]) {
                    double d = centre(k % w, k / w).distance(c);
                    if (d < bestD) {
                        bestD = d;
                        best = k;
                    }
                }
            }
            return best;
        }

        /** Shortest 8-connected path between two points through inside cells (Dijkstra), ends included. */
        List<Coordinate> path(Coordinate a, Coordinate b) {
            int from = nearest(a);
            int to = nearest(b);
            double[] dist = new double[inside.length];
            int[] prev = new int[inside.length];
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            Arrays.fill(prev, -1);
            dist[from] = 0;
            PriorityQueue<double[]> queue = new PriorityQueue<>((x, y) -> Double.compare(x[0], y[0]));
            queue.add(new double[] {0, from});
            while (!queue.isEmpty()) {
                double[] top = queue.poll();
                int u = (int) top[1];
                if (top[0] > dist[u]) {
                    continue;
                }
                if (u == to) {
                    break;
                }
                int ui = u % w;
                int uj = u / w;
                for (int dj = -1; dj <= 1; dj++) {
                    for (int di = -1; di <= 1; di++) {
                        int vi = ui + di;
                        int vj = uj + dj;
                        if ((di == 0 && dj == 0) || vi < 0 || vj < 0 || vi >= w || vj >= h || !inside[vj * w + vi]) {
                            continue;
                        }
                        int v = vj * w + vi;
                        double nd = dist[u] + (di != 0 && dj != 0 ? Math.sqrt(2) : 1);
                        if (nd < dist[v]) {
                            dist[v] = nd;
                            prev[v] = u;
                            queue.add(new double[] {nd, v});
                        }
                    }
                }
            }
            if (prev[to] < 0 && to != from) {
                return null;
            }
            ArrayDeque<Coordinate> out = new ArrayDeque<>();
            out.addFirst(b);
            for (int k = to; k >= 0; k = prev[k]) {
                out.addFirst(centre(k % w, k / w));
            }
            out.addFirst(a);
            return new ArrayList<>(out);
        }
    }
}
