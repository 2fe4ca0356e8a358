package org.xiangtu.io.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/** What a format reader hands on: features in source coordinates, before reprojection and repair. */
final class RawLayer {
    /** Geometries in the source CRS, no SRID. */
    static final GeometryFactory SOURCE = new GeometryFactory();

    /** One feature as read. */
    record Row(Geometry geometry, Map<String, Object> properties) {
    }

    final String format;
    String name;
    /** Null when the source named none (Shapefile without .prj, GeoPackage srs 0/-1). */
    SourceCrs crs;
    String encoding;
    final List<UploadField> fields = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    RawLayer(String format, String name) {
        this.format = format;
        this.name = name;
    }
}
