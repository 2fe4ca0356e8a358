package org.xiangtu.io.upload;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.GeometryFactory;
import org.xiangtu.store.FeatureSource;

/**
 * What a format reader hands on: what it learnt of the file (name, CRS, encoding, warnings) and the
 * features as the file holds them, before reprojection and repair. The warnings may grow while the
 * features are read (a Shapefile's .shp and .dbf found to differ at the end).
 */
final class RawLayer {
    /** Geometries in the source CRS, no SRID. */
    static final GeometryFactory SOURCE = new GeometryFactory();

    final String format;
    String name;
    /** Null when the source named none (Shapefile without .prj, GeoPackage srs 0/-1). */
    SourceCrs crs;
    String encoding;
    final List<String> warnings = new ArrayList<>();
    /** Why the file looks like a web map's (then its coordinates are probably GCJ-02); null when it does not. */
    String webMapHint;
    /**
     * The features: no id, geometry in the source CRS made by {@link #SOURCE} (or null), values by field
     * name (String, Long, Double, Boolean or null; dates {@code YYYY-MM-DD}); its fields in source order.
     */
    FeatureSource features;

    RawLayer(String format, String name) {
        this.format = format;
        this.name = name;
    }
}
