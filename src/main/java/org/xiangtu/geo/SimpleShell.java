package org.xiangtu.geo;

import org.locationtech.jts.algorithm.LineIntersector;
import org.locationtech.jts.algorithm.RobustLineIntersector;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * A quick sufficient test of validity for the commonest polygon of all: one ring, no holes, a few
 * dozen vertices (a village, a parcel, a base). Such a polygon is valid in JTS's sense exactly when
 * its coordinates are finite, its ring is closed, has at least four distinct points and is simple:
 * no two segments meet except neighbours at their shared vertex (JTS does not allow a ring to touch
 * itself). That is checked here pairwise with JTS's robust segment intersector, which for small rings
 * costs a fraction of building {@link org.locationtech.jts.operation.valid.IsValidOp}'s noding
 * structures. Anything else, and any doubt, answers false: the caller then asks {@code IsValidOp},
 * which also says what is wrong. {@code SimpleShellTest} compares both on random rings.
 */
public final class SimpleShell {
    /** Rings with more distinct points than this are left to IsValidOp (pairs grow with the square). */
    static final int MAX_POINTS = 64;

    private SimpleShell() {
    }

    /** True only if {@code g} is a Polygon (or a MultiPolygon of one) without holes that is certainly valid. */
    public static boolean isCertainlyValid(Geometry g) {
        Polygon p;
        if (g instanceof Polygon q) {
            p = q;
        } else if (g instanceof MultiPolygon m && m.getNumGeometries() == 1) {
            p = (Polygon) m.getGeometryN(0);
        } else {
            return false;
        }
        if (p.getNumInteriorRing() != 0 || p.isEmpty()) {
            return false;
        }
        CoordinateSequence s = p.getExteriorRing().getCoordinateSequence();
        int n = s.size();
        if (n < 4 || n > MAX_POINTS + 1) {
            return false;
        }
        Coordinate[] c = new Coordinate[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            Coordinate k = s.getCoordinate(i);
            if (!Double.isFinite(k.x) || !Double.isFinite(k.y)) {
                return false;
            }
            if (m == 0 || !k.equals2D(c[m - 1])) {
                c[m++] = k;
            }
        }
        if (m < 4 || !c[0].equals2D(c[m - 1])) {
            return false;
        }
        return isSimple(c, m - 1);
    }

    /** Segments k = (c[k], c[k+1]) for k < segments; the last ends where the first starts. */
    private static boolean isSimple(Coordinate[] c, int segments) {
        LineIntersector li = new RobustLineIntersector();
        for (int i = 0; i < segments; i++) {
            Coordinate a0 = c[i];
            Coordinate a1 = c[i + 1];
            double minX = Math.min(a0.x, a1.x);
            double maxX = Math.max(a0.x, a1.x);
            double minY = Math.min(a0.y, a1.y);
            double maxY = Math.max(a0.y, a1.y);
            for (int j = i + 1; j < segments; j++) {
                Coordinate b0 = c[j];
                Coordinate b1 = c[j + 1];
                if (Math.max(b0.x, b1.x) < minX || Math.min(b0.x, b1.x) > maxX
                        || Math.max(b0.y, b1.y) < minY || Math.min(b0.y, b1.y) > maxY) {
                    continue; // envelopes apart: the segments cannot meet
                }
                li.computeIntersection(a0, a1, b0, b1);
                if (!li.hasIntersection()) {
                    continue;
                }
                boolean neighbours = j == i + 1 || (i == 0 && j == segments - 1);
                // neighbours share one vertex; meeting in one point means meeting only there, while two
                // points mean they overlap along a line (a spike folding back)
                if (!neighbours || li.getIntersectionNum() != LineIntersector.POINT_INTERSECTION) {
                    return false;
                }
            }
        }
        return true;
    }
}
