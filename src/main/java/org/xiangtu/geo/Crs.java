package org.xiangtu.geo;

import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

/** The coordinate reference systems Xiangtu uses, and the one geometry factory for stored data. */
public final class Crs {
    /** CGCS2000 geographic (lon/lat), how geometry is stored; equal to WGS84 within a metre. */
    public static final int CGCS2000 = 4490;
    /** CGCS2000 3-degree Gauss–Krüger, central meridian 105° E: where lengths and areas are measured. */
    public static final int CGCS2000_GK_CM105 = 4544;
    /** The OGC URI of lon/lat order on WGS84, the default CRS of OGC API Features and GeoJSON. */
    public static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /** Factory for geometries in EPSG:4490 lon/lat. Thread-safe. */
    public static final GeometryFactory LONLAT = new GeometryFactory(new PrecisionModel(), CGCS2000);

    private Crs() {
    }
}
