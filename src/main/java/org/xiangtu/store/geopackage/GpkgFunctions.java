package org.xiangtu.store.geopackage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.ToDoubleFunction;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.sqlite.Function;
import org.xiangtu.geo.Crs;

/**
 * The SQL functions a GeoPackage's R-tree triggers call ({@code ST_IsEmpty}, {@code ST_MinX},
 * {@code ST_MaxX}, {@code ST_MinY}, {@code ST_MaxY}; GeoPackage 1.3 §F.3), registered on a plain
 * SQLite connection so that it can change rows of feature tables; and the three that the field
 * store's portable statements share with PostGIS: {@code ST_X} and {@code ST_Y} of a point, and
 * {@code ST_GeomFromWKB(wkb, srid)}, which makes a GeoPackage geometry blob (null for null); and
 * {@code ST_AsBinary(geom)}, its 2D WKB (null for null), with which {@code store/jdbc/JdbcLayerVersionStore}
 * copies a layer as PostGIS's function of that name does.
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
        bound(c, "ST_X", Envelope::getMinX); // of a point, its only coordinate
        bound(c, "ST_Y", Envelope::getMinY);
        Function.create(c, "ST_AsBinary", new GeometryFunction() {
            @Override
            protected void xFunc() throws SQLException {
                Geometry g = geometry();
                if (g == null) {
                    result();
                } else {
                    result(new org.locationtech.jts.io.WKBWriter(2).write(g));
                }
            }
        });
        Function.create(c, "ST_GeomFromWKB", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                if (args() != 2) {
                    throw new SQLException("ST_GeomFromWKB takes the WKB and the SRS id");
                }
                byte[] wkb = value_blob(0);
                if (wkb == null) {
                    result();
                    return;
                }
                try {
                    result(new GpkgGeometry(Crs.LONLAT).encode(new WKBReader(Crs.LONLAT).read(wkb), value_int(1)));
                } catch (ParseException e) {
                    throw new SQLException("bad WKB: " + e.getMessage(), e);
                }
            }
        });
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
