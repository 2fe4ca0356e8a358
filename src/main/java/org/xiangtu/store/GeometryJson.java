package org.xiangtu.store;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.geo.GeoJsonGeometry;

/**
 * A feature's geometry as it goes into a GeoJSON answer: either a JTS geometry that
 * {@link GeoJsonGeometry} writes, or GeoJSON text the store already holds (PostGIS's
 * {@code ST_AsGeoJSON}), spliced in without being parsed.
 */
@FunctionalInterface
public interface GeometryJson {
    /** Writes the geometry object, or JSON {@code null}, as the next value of {@code g}. */
    void write(JsonGenerator g) throws IOException;

    /** A JTS geometry (lon/lat), or null for JSON {@code null}. */
    static GeometryJson of(Geometry geometry) {
        return g -> GeoJsonGeometry.write(g, geometry);
    }

    /**
     * A GeoJSON geometry object already written as UTF-8 text (trusted: it is copied as is), or null
     * for JSON {@code null}.
     */
    static GeometryJson raw(byte[] utf8) {
        return utf8 == null ? JsonGenerator::writeNull : new RawJson(utf8);
    }
}
