package org.xiangtu.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.DataException;
import org.xiangtu.store.Feature;

/**
 * Reads one layer's GeoJSON FeatureCollection and checks it against the catalogue: string ids,
 * unique; the declared geometry type (a Polygon is promoted to MultiPolygon, a LineString to
 * MultiLineString); valid geometry in lon/lat range; only catalogue fields, with their types and
 * allowed values; an {@code updated_at} timestamp (see {@link FeatureChecks}). Every error names the
 * file, the feature and the field. Values come out as String, Long, Double, Boolean or null.
 *
 * <p>The file is streamed: Jackson's token parser, JTS geometry built straight from the
 * coordinates, one feature in memory at a time ({@link #stream}), so a 250 MB layer can go to the
 * database as it is read. Members of a feature or geometry may come in any order.
 */
public final class GeoJsonLayerReader {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);
    /** A value where a string was needed, or coordinates that are not arrays of numbers. */
    private static final Object WRONG = new Object();

    private final LayerDef layer;
    private final FieldDef[] fields;
    /** Field name → its slot in {@link #properties()}; updated_at after the fields. */
    private final Map<String, Integer> slots = new HashMap<>();
    private final String source;
    private final JsonParser p;

    private GeoJsonLayerReader(LayerDef layer, String source, JsonParser p) {
        this.layer = layer;
        this.source = source;
        this.p = p;
        this.fields = layer.fields().toArray(FieldDef[]::new);
        for (int i = 0; i < fields.length; i++) {
            slots.put(fields[i].name(), i);
        }
        slots.put("updated_at", fields.length);
    }

    /** Reads and checks every feature into a list. */
    public static List<Feature> read(LayerDef layer, InputStream in, String source) {
        List<Feature> out = new ArrayList<>();
        stream(layer, in, source, out::add);
        return out;
    }

    /**
     * Reads and checks the features one by one, handing each to {@code sink} as soon as it is
     * checked; returns how many. On a bad feature it throws, after the features before it have been
     * handed on (so the caller must be able to undo them: a database transaction, a temporary file).
     *
     * @throws DataException naming the file, the feature and the field
     */
    public static long stream(LayerDef layer, InputStream in, String source, Consumer<? super Feature> sink) {
        try (JsonParser p = JSON.createParser(in)) {
            return new GeoJsonLayerReader(layer, source, p).collection(sink);
        } catch (JsonProcessingException e) {
            throw new DataException(source + ": not valid JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private long collection(Consumer<? super Feature> sink) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw notCollection();
        }
        boolean typed = false;
        long n = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if ("type".equals(name)) {
                if (t != JsonToken.VALUE_STRING || !"FeatureCollection".equals(p.getText())) {
                    throw notCollection();
                }
                typed = true;
            } else if ("features".equals(name)) {
                if (t != JsonToken.START_ARRAY) {
                    throw new DataException(source + ": 'features' must be an array");
                }
                n = features(sink);
            } else {
                p.skipChildren();
            }
        }
        if (!typed) {
            throw notCollection();
        }
        if (n < 0) {
            throw new DataException(source + ": 'features' must be an array");
        }
        return n;
    }

    private DataException notCollection() {
        return new DataException(source + ": not a GeoJSON FeatureCollection");
    }

    private long features(Consumer<? super Feature> sink) throws IOException {
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            Feature f = feature(t, index++);
            if (!ids.add(f.id())) {
                throw new DataException(source + ": feature '" + f.id() + "': duplicate id");
            }
            sink.accept(f);
        }
        return index;
    }

    private Feature feature(JsonToken start, int index) throws IOException {
        String where = source + ": feature #" + index;
        if (start != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new DataException(where + ": not a GeoJSON Feature object");
        }
        Object id = null;
        Object type = null;
        RawGeometry geometry = null;
        Object properties = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> id = string(t);
                case "type" -> type = string(t);
                case "geometry" -> geometry = t == JsonToken.VALUE_NULL ? null : rawGeometry(t);
                case "properties" -> properties = t == JsonToken.START_OBJECT ? properties()
                        : t == JsonToken.VALUE_NULL ? null : skip();
                default -> p.skipChildren();
            }
        }
        String fid = FeatureChecks.id(id, where);
        where = source + ": feature '" + fid + "'";
        if (!"Feature".equals(type)) {
            throw new DataException(where + ": type must be 'Feature'");
        }
        Geometry g = null;
        if (geometry != null) {
            if (!layer.isSpatial()) {
                throw new DataException(where + ": field 'geometry': layer '" + layer.id() + "' has no geometry");
            }
            try {
                g = geometry.build();
            } catch (RuntimeException e) {
                throw new DataException(where + ": field 'geometry': " + e.getMessage(), e);
            }
            g = FeatureChecks.geometry(layer, g, where);
        }
        if (properties == WRONG) {
            throw new DataException(where + ": 'properties' must be an object");
        }
        Object[] raw = properties == null ? new Object[fields.length + 2] : (Object[]) properties;
        return new Feature(fid, g, properties(raw, where));
    }

    private Map<String, Object> properties(Object[] raw, String where) {
        if (raw[fields.length + 1] != null) {
            throw new DataException(where + ": field '" + raw[fields.length + 1] + "': not a field of layer '"
                    + layer.id() + "' in the catalogue");
        }
        Map<String, Object> out = new LinkedHashMap<>(2 * (fields.length + 1));
        for (int i = 0; i < fields.length; i++) {
            out.put(fields[i].name(), FeatureChecks.value(fields[i], raw[i], where, GeoJsonLayerReader::show));
        }
        out.put("updated_at", FeatureChecks.updatedAt(raw[fields.length], where));
        return out;
    }

    /** A string value, or {@link #WRONG} for anything else (null for JSON null). */
    private Object string(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        return t == JsonToken.VALUE_NULL ? null : skip();
    }

    private Object skip() throws IOException {
        p.skipChildren();
        return WRONG;
    }

    /**
     * The members of a properties object in slots: the catalogue's fields in order, then
     * updated_at, then the name of the first member that is neither (null when there is none).
     * Values as String, Long, BigInteger, Double, Boolean, null or JsonNode.
     */
    private Object[] properties() throws IOException {
        Object[] out = new Object[fields.length + 2];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Integer slot = slots.get(name);
            Object v = scalar(p.nextToken());
            if (slot != null) {
                out[slot] = v;
            } else if (out[fields.length + 1] == null) {
                out[fields.length + 1] = name;
            }
        }
        return out;
    }

    private Object scalar(JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> MAPPER.readTree(p); // an object or array: refused by every field type
        };
    }

    private static String show(Object v) {
        if (v instanceof String s) {
            try {
                return MAPPER.writeValueAsString(s);
            } catch (JsonProcessingException e) {
                return s;
            }
        }
        return String.valueOf(v);
    }

    // ------------------------------------------------------------------ geometry

    /** A geometry object as read: its type, coordinates (nested lists of double[]) or members. */
    private record RawGeometry(Object type, Object coordinates, List<RawGeometry> geometries, String problem) {
        Geometry build() {
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            if (!(type instanceof String t)) {
                throw new IllegalArgumentException("'type' must be a GeoJSON geometry type");
            }
            if ("GeometryCollection".equals(t)) {
                if (geometries == null) {
                    throw new IllegalArgumentException("a GeometryCollection needs 'geometries'");
                }
                return Crs.LONLAT.createGeometryCollection(geometries.stream().map(RawGeometry::build)
                        .toArray(Geometry[]::new));
            }
            if (coordinates == null) {
                throw new IllegalArgumentException("a " + t + " needs 'coordinates'");
            }
            return switch (t) {
                case "Point" -> coordinates instanceof List<?> l && l.isEmpty() ? Crs.LONLAT.createPoint()
                        : Crs.LONLAT.createPoint(position(coordinates));
                case "MultiPoint" -> Crs.LONLAT.createMultiPointFromCoords(positions(coordinates));
                case "LineString" -> Crs.LONLAT.createLineString(positions(coordinates));
                case "MultiLineString" -> Crs.LONLAT.createMultiLineString(list(coordinates).stream()
                        .map(c -> Crs.LONLAT.createLineString(positions(c))).toArray(LineString[]::new));
                case "Polygon" -> polygon(coordinates);
                case "MultiPolygon" -> Crs.LONLAT.createMultiPolygon(list(coordinates).stream()
                        .map(RawGeometry::polygon).toArray(Polygon[]::new));
                default -> throw new IllegalArgumentException("unknown geometry type '" + t + "'");
            };
        }

        private static Polygon polygon(Object rings) {
            List<?> l = list(rings);
            if (l.isEmpty()) {
                return Crs.LONLAT.createPolygon();
            }
            LinearRing shell = Crs.LONLAT.createLinearRing(positions(l.get(0)));
            LinearRing[] holes = new LinearRing[l.size() - 1];
            for (int i = 1; i < l.size(); i++) {
                holes[i - 1] = Crs.LONLAT.createLinearRing(positions(l.get(i)));
            }
            return Crs.LONLAT.createPolygon(shell, holes);
        }

        private static List<?> list(Object c) {
            if (c instanceof List<?> l) {
                return l;
            }
            throw new IllegalArgumentException("'coordinates' are nested too shallow for the geometry type");
        }

        private static Coordinate[] positions(Object c) {
            List<?> l = list(c);
            Coordinate[] out = new Coordinate[l.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = position(l.get(i));
            }
            return out;
        }

        private static Coordinate position(Object c) {
            if (c instanceof double[] d && d.length >= 2) {
                return d.length == 2 ? new Coordinate(d[0], d[1]) : new Coordinate(d[0], d[1], d[2]);
            }
            if (c == WRONG) {
                throw new IllegalArgumentException("'coordinates' must hold only arrays of numbers");
            }
            throw new IllegalArgumentException(c instanceof double[] ? "a position needs 2 numbers [lon, lat]"
                    : "'coordinates' are nested too deep for the geometry type");
        }
    }

    private RawGeometry rawGeometry(JsonToken start) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new RawGeometry(null, null, null, "must be a GeoJSON geometry object or null");
        }
        Object type = null;
        Object coordinates = null;
        List<RawGeometry> geometries = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "type" -> type = string(t);
                case "coordinates" -> coordinates = t == JsonToken.VALUE_NULL ? null : coordinates(t);
                case "geometries" -> {
                    if (t == JsonToken.START_ARRAY) {
                        geometries = new ArrayList<>();
                        for (JsonToken m = p.nextToken(); m != JsonToken.END_ARRAY; m = p.nextToken()) {
                            geometries.add(rawGeometry(m));
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new RawGeometry(type, coordinates, geometries, null);
    }

    /** An array of numbers as double[], an array of arrays as a List, anything else {@link #WRONG}. */
    private Object coordinates(JsonToken start) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            return skip();
        }
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            double[] d = new double[2];
            int n = 0;
            boolean wrong = false;
            for (; t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                    p.skipChildren();
                    wrong = true;
                    continue;
                }
                if (n == d.length) {
                    d = Arrays.copyOf(d, n * 2);
                }
                d[n++] = p.getDoubleValue();
            }
            return wrong ? WRONG : n == d.length ? d : Arrays.copyOf(d, n);
        }
        List<Object> out = new ArrayList<>();
        for (; t != JsonToken.END_ARRAY; t = p.nextToken()) {
            out.add(t == JsonToken.START_ARRAY ? coordinates(t) : skip());
        }
        return out;
    }
}
