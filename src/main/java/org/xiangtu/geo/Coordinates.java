package org.xiangtu.geo;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/** Rewriting every x/y of a geometry in place (a CRS change, a datum shift); z is left as it is. */
public final class Coordinates {
    private Coordinates() {
    }

    /** A change of one coordinate: writes the new x and y into {@code out[0]} and {@code out[1]}. */
    @FunctionalInterface
    public interface XY {
        void apply(double x, double y, double[] out);
    }

    /** Applies {@code change} to every coordinate of {@code g} (changed in place) and returns it. */
    public static Geometry rewrite(Geometry g, XY change) {
        double[] out = new double[2];
        g.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                change.apply(seq.getX(i), seq.getY(i), out);
                seq.setOrdinate(i, 0, out[0]);
                seq.setOrdinate(i, 1, out[1]);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        g.geometryChanged();
        return g;
    }
}
