package org.xiangtu.geo;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes JTS geometries as RFC 7946 GeoJSON geometry objects straight to a Jackson generator (no
 * intermediate tree, no {@code crs} member). Coordinates are written x, y (lon, lat) as stored;
 * polygon rings keep their stored orientation. Static and thread-safe.
 */
public final class GeoJsonGeometry {
    /** How one ordinate (x or y) is written: as a double by default, or e.g. as a fixed decimal. */
    @FunctionalInterface
    public interface OrdinateWriter {
        void write(JsonGenerator g, double value) throws IOException;
    }

    private static final OrdinateWriter AS_DOUBLE = JsonGenerator::writeNumber;

    private GeoJsonGeometry() {
    }

    /** Writes {@code geometry}, or JSON {@code null} when it is null. */
    public static void write(JsonGenerator g, Geometry geometry) throws IOException {
        write(g, geometry, AS_DOUBLE);
    }

    /** Writes {@code geometry} with ordinates written by {@code ordinate}; JSON {@code null} when it is null. */
    public static void write(JsonGenerator g, Geometry geometry, OrdinateWriter ordinate) throws IOException {
        if (geometry == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("type", geometry.getGeometryType());
        if (geometry instanceof GeometryCollection gc && !(gc instanceof MultiPoint)
                && !(gc instanceof MultiLineString) && !(gc instanceof MultiPolygon)) {
            g.writeArrayFieldStart("geometries");
            for (int i = 0; i < gc.getNumGeometries(); i++) {
                write(g, gc.getGeometryN(i), ordinate);
            }
            g.writeEndArray();
        } else {
            g.writeFieldName("coordinates");
            writeCoordinates(g, geometry, ordinate);
        }
        g.writeEndObject();
    }

    private static void writeCoordinates(JsonGenerator g, Geometry geometry, OrdinateWriter o) throws IOException {
        if (geometry instanceof Point p) {
            if (p.isEmpty()) {
                g.writeStartArray();
                g.writeEndArray();
            } else {
                writePosition(g, p.getCoordinate(), o);
            }
        } else if (geometry instanceof LineString line) {
            writeSequence(g, line.getCoordinateSequence(), o);
        } else if (geometry instanceof Polygon polygon) {
            g.writeStartArray();
            if (!polygon.isEmpty()) {
                writeSequence(g, polygon.getExteriorRing().getCoordinateSequence(), o);
                for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
                    writeSequence(g, polygon.getInteriorRingN(i).getCoordinateSequence(), o);
                }
            }
            g.writeEndArray();
        } else {
            g.writeStartArray();
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                writeCoordinates(g, geometry.getGeometryN(i), o);
            }
            g.writeEndArray();
        }
    }

    private static void writeSequence(JsonGenerator g, CoordinateSequence seq, OrdinateWriter o) throws IOException {
        g.writeStartArray();
        for (int i = 0; i < seq.size(); i++) {
            g.writeStartArray();
            o.write(g, seq.getX(i));
            o.write(g, seq.getY(i));
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void writePosition(JsonGenerator g, Coordinate c, OrdinateWriter o) throws IOException {
        g.writeStartArray();
        o.write(g, c.x);
        o.write(g, c.y);
        g.writeEndArray();
    }
}
