package org.xiangtu.store.geopackage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.ToDoubleFunction;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.sqlite.Function;
import org.xiangtu.geo.Crs;

/**
 * The SQL functions a GeoPackage's R-tree triggers call ({@code ST_IsEmpty}, {@code ST_MinX},
 * {@code ST_MaxX}, {@code ST_MinY}, {@code ST_MaxY}; GeoPackage 1.3 §F.3), registered on a plain
 * SQLite connection so that it can change rows of feature tables.
 */
final class GpkgFunctions {
    private GpkgFunctions() {
    }

    static void register(Connection c) throws SQLException {
        Function.create(c, "ST_IsEmpty", new GeometryFunction() {
            @Override
            protected void xFunc() throws SQLException {
                Geometry g = geometry();
                if (g == null) {
                    result();
                } else {
                    result(g.isEmpty() ? 1 : 0);
                }
            }
        });
        bound(c, "ST_MinX", Envelope::getMinX);
        bound(c, "ST_MaxX", Envelope::getMaxX);
        bound(c, "ST_MinY", Envelope::getMinY);
        bound(c, "ST_MaxY", Envelope::getMaxY);
    }

    private static void bound(Connection c, String name, ToDoubleFunction<Envelope> part) throws SQLException {
        Function.create(c, name, new GeometryFunction() {
            @Override
            protected void xFunc() throws SQLException {
                Geometry g = geometry();
                if (g == null || g.isEmpty()) {
                    result();
                } else {
                    result(part.applyAsDouble(g.getEnvelopeInternal()));
                }
            }
        });
    }

    /** A function of one GeoPackage geometry blob. */
    private abstract static class GeometryFunction extends Function {
        Geometry geometry() throws SQLException {
            if (args() != 1) {
                throw new SQLException("one geometry argument expected");
            }
            byte[] blob = value_blob(0);
            return blob == null ? null : new GpkgGeometry(Crs.LONLAT).decode(blob);
        }
    }
}
