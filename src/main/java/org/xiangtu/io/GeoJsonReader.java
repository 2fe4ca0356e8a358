package org.xiangtu.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one GeoJSON reader: a FeatureCollection (or, when asked, one Feature) read as a stream, one
 * feature at a time, with Jackson's token parser and no tree. It only reads: each feature comes out as
 * it was written ({@link Raw}: id, type, geometry as nested coordinate arrays, properties as values),
 * and whoever asked decides what is wrong with it and how to say so: the catalogue's checks
 * ({@link GeoJsonLayerReader}) or an upload's repairs ({@code io/upload/GeoJsonUpload}). Members of a
 * feature, of a geometry or of the collection may come in any order; the collection's own members
 * after {@code features} are read when the features run out.
 *
 * <p>JSON that is not well-formed is the parser's {@link IOException} (a
 * {@link com.fasterxml.jackson.core.JsonProcessingException}); nothing else throws. Not thread-safe.
 */
public final class GeoJsonReader implements Closeable {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);
    /** The document's members read only when it may be one Feature with an old-style CRS ({@code whole}). */
    private static final java.util.Set<String> DOCUMENT_ONLY = java.util.Set.of("name", "crs", "geometry", "properties");
    /** A value where a string, an object or an array was needed. */
    public static final Object WRONG = new Object() {
        @Override
        public String toString() {
            return "(wrong)";
        }
    };

    /**
     * One element of {@code features} (or the document itself, when it is one Feature).
     *
     * @param index 0 for the first element
     * @param isObject whether the element is a JSON object at all (nothing else is read when it is not)
     * @param id a String, a Long or Double (RFC 7946 allows a number), null (absent or JSON null) or
     *        {@link #WRONG}
     * @param type a String, null (absent or JSON null) or {@link #WRONG}
     * @param geometry null when absent or JSON null
     * @param properties a map of the members in file order (values String, Long, BigInteger, Double,
     *        Boolean, null, or a {@link JsonNode} for an object or array), null when absent or JSON
     *        null, {@link #WRONG} for anything else
     */
    public record Raw(int index, boolean isObject, Object id, Object type, Shape geometry, Object properties) {
    }

    /**
     * A geometry object as written.
     *
     * @param type a String, null or {@link #WRONG}
     * @param coordinates null when absent or JSON null, else a {@link Position} (an array that begins
     *        with a number), a {@code List} of the same (an array of anything else), a String (an ECharts
     *        map file's encoded line or ring, where a caller that decodes them expects one), or {@link #WRONG}
     * @param geometries the members of a GeometryCollection (null when absent or not an array)
     * @param notObject set when this "geometry" is no JSON object (a member may also be JSON null)
     * @param isNull set when it is JSON null (only for a member of {@code geometries})
     * @param encodeOffsets an ECharts map file's {@code encodeOffsets} (the start of each encoded line or
     *        ring), null when absent
     */
    public record Shape(Object type, Object coordinates, List<Shape> geometries, boolean notObject,
            boolean isNull, JsonNode encodeOffsets) {
    }

    /**
     * An array that begins with a number: the numbers up to the first thing that is not one.
     *
     * @param numbers the leading numbers
     * @param allNumbers whether everything in the array was a number
     */
    public record Position(double[] numbers, boolean allNumbers) {
    }

    /** What a caller wants read beyond a FeatureCollection's features. */
    public interface Listener {
        /** Called for each array of numbers, as it is read (to count vertices while parsing). */
        default void position() {
        }
    }

    private final JsonParser p;
    private final boolean whole;
    private final Listener listener;
    private boolean started;
    private boolean inFeatures;
    private boolean done;
    private int index;
    private boolean isObject;
    private boolean isArray;
    private boolean utf8Encoding;
    private Double utf8Scale;
    private Object type;
    private String typeText;
    private boolean sawFeatures;
    private boolean featuresNotArray;
    private String name;
    private JsonNode crs;
    private Object topGeometry;
    private Object topProperties;

    /**
     * @param whole also read the document's {@code name}, {@code crs}, {@code geometry} and
     *        {@code properties} (a single Feature, an old-style CRS); otherwise they are skipped
     */
    public GeoJsonReader(InputStream in, boolean whole, Listener listener) throws IOException {
        this.p = JSON.createParser(in);
        this.whole = whole;
        this.listener = listener == null ? new Listener() { } : listener;
    }

    /** The next feature, or null when the features have run out (then the whole document has been read). */
    public Raw next() throws IOException {
        if (!started) {
            started = true;
            JsonToken first = p.nextToken();
            isObject = first == JsonToken.START_OBJECT;
            isArray = first == JsonToken.START_ARRAY;
            if (isArray) {
                inFeatures = true; // a bare array of Features, as some web maps write them
            } else if (!isObject) {
                done = true;
                return null;
            } else {
                members();
            }
        }
        while (inFeatures) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.END_ARRAY) {
                return feature(t, index++);
            }
            inFeatures = false;
            if (isArray) {
                done = true;
            } else {
                members();
            }
        }
        return null;
    }

    /** Reads the document's members up to the next features array (or the end). */
    private void members() throws IOException {
        while (!done) {
            JsonToken name = p.nextToken();
            if (name != JsonToken.FIELD_NAME) {
                done = true;
                return;
            }
            String member = p.currentName();
            JsonToken t = p.nextToken();
            if (!whole && DOCUMENT_ONLY.contains(member)) {
                p.skipChildren();
                continue;
            }
            switch (member) {
                case "type" -> {
                    typeText = p.getText();
                    type = string(t);
                }
                case "features" -> {
                    sawFeatures = true;
                    if (t != JsonToken.START_ARRAY) {
                        p.skipChildren();
                        featuresNotArray = true;
                        done = true;
                        return;
                    }
                    inFeatures = true;
                    return;
                }
                case "name" -> {
                    p.skipChildren();
                    this.name = t == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                case "crs" -> crs = MAPPER.readTree(p);
                case "UTF8Encoding" -> utf8Encoding = t == JsonToken.VALUE_TRUE;
                case "UTF8Scale" -> utf8Scale = t.isNumeric() ? p.getDoubleValue() : null;
                case "geometry" -> topGeometry = t == JsonToken.VALUE_NULL ? null : geometry(t, false);
                case "properties" -> topProperties = properties(t);
                default -> p.skipChildren();
            }
        }
    }

    /** Whether the document is a JSON object at all (known after the first {@link #next()}). */
    public boolean isObject() {
        return isObject;
    }

    /** Whether the document is a JSON array (of Features, read as the features of a collection). */
    public boolean isArray() {
        return isArray;
    }

    /** Whether the document says {@code "UTF8Encoding": true} (an ECharts map file; known at the end). */
    public boolean utf8Encoding() {
        return utf8Encoding;
    }

    /** An ECharts map file's {@code UTF8Scale}, null when absent (known at the end). */
    public Double utf8Scale() {
        return utf8Scale;
    }

    /** The document's {@code type} member as read so far: a String, null (none yet) or {@link #WRONG}. */
    public Object type() {
        return type;
    }

    /** The text of the document's {@code type} member, whatever its JSON type; null when there is none. */
    public String typeText() {
        return typeText;
    }

    /** Whether a {@code features} member has been seen. */
    public boolean sawFeatures() {
        return sawFeatures;
    }

    /** Whether {@code features} was something other than an array (then nothing after it was read). */
    public boolean featuresNotArray() {
        return featuresNotArray;
    }

    /** The document's {@code name}, when read ({@code whole}) and a string. */
    public String name() {
        return name;
    }

    /** The document's old-style {@code crs} member, when read ({@code whole}); else null. */
    public JsonNode crs() {
        return crs;
    }

    /** The document as one Feature (its own {@code geometry} and {@code properties}), when read ({@code whole}). */
    public Raw single() {
        return new Raw(0, true, null, type, topGeometry instanceof Shape g ? g : null, topProperties);
    }

    @Override
    public void close() throws IOException {
        p.close();
    }

    private Raw feature(JsonToken start, int index) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new Raw(index, false, null, null, null, null);
        }
        Object id = null;
        Object type = null;
        Shape geometry = null;
        Object properties = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> id = t == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue()
                        : t == JsonToken.VALUE_NUMBER_FLOAT ? (Object) p.getDoubleValue() : string(t);
                case "type" -> type = string(t);
                case "geometry" -> geometry = t == JsonToken.VALUE_NULL ? null : geometry(t, false);
                case "properties" -> properties = properties(t);
                default -> p.skipChildren();
            }
        }
        return new Raw(index, true, id, type, geometry, properties);
    }

    private Object properties(JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            Map<String, Object> out = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                out.put(name, scalar(p.nextToken()));
            }
            return out;
        }
        return t == JsonToken.VALUE_NULL ? null : skip();
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

    private Object scalar(JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> MAPPER.readTree(p); // an object or array
        };
    }

    private Shape geometry(JsonToken start, boolean member) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new Shape(null, null, null, true, member && start == JsonToken.VALUE_NULL, null);
        }
        Object type = null;
        Object coordinates = null;
        List<Shape> geometries = null;
        JsonNode encodeOffsets = null;
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
                            geometries.add(geometry(m, true));
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case "encodeOffsets" -> encodeOffsets = MAPPER.readTree(p);
                default -> p.skipChildren();
            }
        }
        return new Shape(type, coordinates, geometries, false, false, encodeOffsets);
    }

    /**
     * An array of numbers as a {@link Position}, an array of anything else as a List, a string as itself (an
     * ECharts encoding), else {@link #WRONG}.
     */
    private Object coordinates(JsonToken start) throws IOException {
        if (start == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (start != JsonToken.START_ARRAY) {
            return skip();
        }
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            listener.position();
            double[] d = new double[2];
            int n = 0;
            boolean clean = true;
            for (; t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                    p.skipChildren();
                    clean = false;
                    continue;
                }
                if (!clean) {
                    continue;
                }
                if (n == d.length) {
                    d = Arrays.copyOf(d, n * 2);
                }
                d[n++] = p.getDoubleValue();
            }
            return new Position(n == d.length ? d : Arrays.copyOf(d, n), clean);
        }
        List<Object> out = new ArrayList<>();
        for (; t != JsonToken.END_ARRAY; t = p.nextToken()) {
            out.add(t == JsonToken.START_ARRAY || t == JsonToken.VALUE_STRING ? coordinates(t) : skip());
        }
        return out;
    }
}
