package org.xiangtu.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.geo.GeoJsonGeometry;
import org.xiangtu.geo.GaussKruger;

/**
 * Writes the demo county as one RFC 7946 FeatureCollection per layer, byte for byte the same on
 * every run: lon/lat rounded to 6 decimals (exact decimal rounding, not {@code Double.toString}),
 * counter-clockwise outer rings, properties in catalogue order, one feature a line.
 */
final class DemoWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private DemoWriter() {
    }

    static int write(Catalog catalog, Map<String, List<DemoCounty.DemoFeature>> layers, GaussKruger gk, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        int files = 0;
        for (LayerDef layer : catalog.layers()) {
            List<DemoCounty.DemoFeature> features = layers.get(layer.id());
            try (OutputStream out = open(dir.resolve(layer.file()))) {
                out.write(("{\"type\":\"FeatureCollection\",\"name\":\"" + layer.id() + "\",\"description\":"
                        + string(catalog.notice().zh() + " / " + catalog.notice().en()) + ",\"features\":[\n")
                        .getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < features.size(); i++) {
                    out.write(feature(layer, features.get(i), gk).getBytes(StandardCharsets.UTF_8));
                    out.write((i + 1 < features.size() ? ",\n" : "\n").getBytes(StandardCharsets.UTF_8));
                }
                out.write("]}\n".getBytes(StandardCharsets.UTF_8));
            }
            files++;
        }
        return files;
    }

    /** The file, gzipped when its name ends in {@code .gz} (no time stamp: the same bytes every run). */
    private static OutputStream open(Path file) throws IOException {
        OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        return file.getFileName().toString().endsWith(".gz") ? new java.util.zip.GZIPOutputStream(out, 1 << 16) : out;
    }

    private static String string(String s) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeString(s);
        }
        return w.toString();
    }

    private static String feature(LayerDef layer, DemoCounty.DemoFeature f, GaussKruger gk) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("type", "Feature");
            g.writeStringField("id", f.id());
            g.writeFieldName("geometry");
            if (f.metric() == null) {
                g.writeNull();
            } else {
                Geometry lonLat = rounded(gk.toLonLat(f.metric()));
                if (!lonLat.isValid()) {
                    // rounding to 6 decimals (~0.1 m) pinched a narrow neck: mend it locally (sub-metre change)
                    lonLat = GeometryFixer.fix(lonLat);
                    if (!lonLat.isValid()) {
                        throw new IllegalStateException(layer.id() + " " + f.id() + ": invalid after rounding");
                    }
                }
                if (lonLat instanceof Polygon p && layer.geometry() == GeometryKind.MULTIPOLYGON) {
                    lonLat = Crs.LONLAT.createMultiPolygon(new Polygon[] {p});
                }
                if (lonLat instanceof LineString l && layer.geometry() == GeometryKind.MULTILINESTRING) {
                    lonLat = Crs.LONLAT.createMultiLineString(new LineString[] {l});
                }
                GeoJsonGeometry.write(g, lonLat, (gen, v) -> gen.writeNumber(decimal(v)));
            }
            g.writeObjectFieldStart("properties");
            for (FieldDef field : layer.fields()) {
                value(g, field.name(), f.properties().get(field.name()));
            }
            g.writeStringField("updated_at", (String) f.properties().get("updated_at"));
            g.writeEndObject();
            g.writeEndObject();
        }
        return w.toString();
    }

    private static void value(JsonGenerator g, String name, Object v) throws IOException {
        g.writeFieldName(name);
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            g.writeNumber(new BigDecimal(d).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }

    /** Rounds every coordinate to 6 decimals and drops repeated points, the same way on both sides of a shared edge. */
    static Geometry rounded(Geometry g) {
        if (g instanceof Point p) {
            return Crs.LONLAT.createPoint(round(p.getCoordinate()));
        }
        if (g instanceof LineString l) {
            return Crs.LONLAT.createLineString(round(l.getCoordinates()));
        }
        if (g instanceof Polygon p) {
            LinearRing shell = ring(p.getExteriorRing().getCoordinates(), true);
            LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
            for (int i = 0; i < holes.length; i++) {
                holes[i] = ring(p.getInteriorRingN(i).getCoordinates(), false);
            }
            return Crs.LONLAT.createPolygon(shell, holes);
        }
        if (g instanceof MultiPolygon mp) {
            Polygon[] parts = new Polygon[mp.getNumGeometries()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = (Polygon) rounded(mp.getGeometryN(i));
            }
            return Crs.LONLAT.createMultiPolygon(parts);
        }
        if (g instanceof MultiLineString ml) {
            List<LineString> parts = new ArrayList<>();
            for (int i = 0; i < ml.getNumGeometries(); i++) {
                Coordinate[] c = round(ml.getGeometryN(i).getCoordinates());
                if (c.length >= 2) {
                    parts.add(Crs.LONLAT.createLineString(c));
                }
            }
            return Crs.LONLAT.createMultiLineString(parts.toArray(new LineString[0]));
        }
        throw new IllegalArgumentException("cannot write " + g.getGeometryType());
    }

    private static LinearRing ring(Coordinate[] c, boolean counterClockwise) {
        Coordinate[] r = round(c);
        if (Orientation.isCCW(r) != counterClockwise) {
            java.util.Collections.reverse(java.util.Arrays.asList(r));
        }
        return Crs.LONLAT.createLinearRing(r);
    }

    private static Coordinate[] round(Coordinate[] c) {
        CoordinateList out = new CoordinateList();
        for (Coordinate x : c) {
            out.add(round(x), false);
        }
        return out.toCoordinateArray();
    }

    private static Coordinate round(Coordinate c) {
        return new Coordinate(round6(c.x), round6(c.y));
    }

    static double round6(double v) {
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static String decimal(double v) {
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
