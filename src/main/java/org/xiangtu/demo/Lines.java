package org.xiangtu.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.xiangtu.geo.GaussKruger;

/** Line work in metres: wiggly routes between places, spanning trees, and fitting a total length. */
final class Lines {
    private Lines() {
    }

    /**
     * A route from a to b that wanders like a country road: midpoint displacement, the same for the
     * same two end points in either order (so two neighbours share one boundary).
     */
    static Coordinate[] wiggle(Coordinate a, Coordinate b, double roughness, double step, long salt) {
        boolean flip = a.x > b.x || (a.x == b.x && a.y > b.y);
        Coordinate p = flip ? b : a;
        Coordinate q = flip ? a : b;
        long seed = salt ^ Double.doubleToLongBits(p.x * 31 + q.x) * 0x9E3779B97F4A7C15L
                ^ Double.doubleToLongBits(p.y * 17 + q.y);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Coordinate> pts = new ArrayList<>();
        pts.add(p);
        subdivide(pts, p, q, roughness, step, rnd);
        pts.add(q);
        Coordinate[] out = pts.toArray(new Coordinate[0]);
        if (flip) {
            for (int i = 0; i < out.length / 2; i++) {
                Coordinate t = out[i];
                out[i] = out[out.length - 1 - i];
                out[out.length - 1 - i] = t;
            }
        }
        return out;
    }

    private static void subdivide(List<Coordinate> pts, Coordinate a, Coordinate b, double roughness, double step,
            SplittableRandom rnd) {
        double dx = b.x - a.x;
        double dy = b.y - a.y;
        double len = StrictMath.hypot(dx, dy);
        if (len <= step) {
            return;
        }
        double off = (rnd.nextDouble() * 2 - 1) * roughness * len;
        Coordinate m = new Coordinate(a.x + dx / 2 - dy / len * off, a.y + dy / 2 + dx / len * off);
        subdivide(pts, a, m, roughness, step, rnd);
        pts.add(m);
        subdivide(pts, m, b, roughness, step, rnd);
    }

    static LineString line(Coordinate[] c) {
        return GaussKruger.METRIC.createLineString(c);
    }

    /** Edges (index pairs) of a minimum spanning tree over points (Prim, O(n²)), in the order added. */
    static List<int[]> spanningTree(List<Coordinate> pts, int root) {
        int n = pts.size();
        List<int[]> edges = new ArrayList<>();
        if (n < 2) {
            return edges;
        }
        boolean[] in = new boolean[n];
        double[] best = new double[n];
        int[] from = new int[n];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        best[root] = 0;
        from[root] = -1;
        for (int k = 0; k < n; k++) {
            int u = -1;
            for (int i = 0; i < n; i++) {
                if (!in[i] && (u < 0 || best[i] < best[u])) {
                    u = i;
                }
            }
            in[u] = true;
            if (from[u] >= 0) {
                edges.add(new int[] {from[u], u});
            }
            for (int v = 0; v < n; v++) {
                double d = pts.get(u).distance(pts.get(v));
                if (!in[v] && d < best[v]) {
                    best[v] = d;
                    from[v] = u;
                }
            }
        }
        return edges;
    }

    /**
     * Takes lines in order until their lengths add up to {@code target} metres: the last one taken is
     * cut to fit, the rest are dropped. Fails if the lines are not long enough together.
     */
    static List<LineString> fitLength(List<LineString> candidates, double target, String what) {
        List<LineString> out = new ArrayList<>();
        double total = 0;
        for (LineString l : candidates) {
            double len = l.getLength();
            if (len < 5) {
                throw new IllegalStateException(what + ": a line of " + len + " m; leave such lines out");
            }
            if (total + len >= target) {
                double need = target - total;
                if (need > 1) {
                    out.add((LineString) new LengthIndexedLine(l).extractLine(0, need));
                }
                return out;
            }
            out.add(l);
            total += len;
        }
        throw new IllegalStateException(what + ": only " + Math.round(total) + " m of lines for " + Math.round(target));
    }

    static double length(List<? extends Geometry> lines) {
        return lines.stream().mapToDouble(Geometry::getLength).sum();
    }
}
