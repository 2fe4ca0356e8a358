package org.xiangtu.geo;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Lon/lat (EPSG:4490) ↔ CGCS2000 3-degree Gauss–Krüger, central meridian 105° E (EPSG:4544),
 * easting first (x = easting, y = northing, metres; the false easting 500 000 m has no zone prefix).
 * This is where Xiangtu measures lengths, areas and distances: never in degrees. Proj4J transforms
 * are not thread-safe, so each instance holds its own; make one per thread or per task.
 */
public final class GaussKruger {
    /** Factory for geometries in EPSG:4544 metres. */
    public static final GeometryFactory METRIC = new GeometryFactory(new PrecisionModel(), Crs.CGCS2000_GK_CM105);
    private static final String LONLAT = "+proj=longlat +ellps=GRS80 +no_defs";
    private static final String GK_CM105 = "+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs";

    private final CoordinateTransform forward;
    private final CoordinateTransform inverse;
    private final ProjCoordinate in = new ProjCoordinate();
    private final ProjCoordinate out = new ProjCoordinate();

    public GaussKruger() {
        CRSFactory crs = new CRSFactory();
        CoordinateReferenceSystem lonlat = crs.createFromParameters("EPSG:4490", LONLAT);
        CoordinateReferenceSystem gk = crs.createFromParameters("EPSG:4544", GK_CM105);
        CoordinateTransformFactory f = new CoordinateTransformFactory();
        this.forward = f.createTransform(lonlat, gk);
        this.inverse = f.createTransform(gk, lonlat);
    }

    /** A copy of a lon/lat geometry in EPSG:4544 metres. */
    public Geometry toMetric(Geometry lonLat) {
        return transform(lonLat, forward, METRIC);
    }

    /** A copy of an EPSG:4544 geometry in lon/lat (EPSG:4490). */
    public Geometry toLonLat(Geometry metric) {
        return transform(metric, inverse, Crs.LONLAT);
    }

    private Geometry transform(Geometry g, CoordinateTransform t, GeometryFactory factory) {
        Geometry copy = Coordinates.rewrite(factory.createGeometry(g), (x, y, xy) -> {
            in.x = x;
            in.y = y;
            t.transform(in, out);
            xy[0] = out.x;
            xy[1] = out.y;
        });
        copy.setSRID(factory.getSRID());
        return copy;
    }
}
