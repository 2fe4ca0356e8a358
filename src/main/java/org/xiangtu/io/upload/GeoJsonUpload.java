package org.xiangtu.io.upload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.xiangtu.catalog.FieldType;

/**
 * A GeoJSON FeatureCollection (or one Feature), read as a stream so that vertices are counted against the
 * budget as they are parsed. RFC 7946 coordinates are EPSG:4326; an old-style {@code crs} member naming an
 * EPSG code is honoured. Property types are inferred from the JSON values of all features.
 */
final class GeoJsonUpload {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final Budget budget;
    private final GeometryFactory factory = RawLayer.SOURCE;
    private int featureIndex;

    private GeoJsonUpload(Budget budget) {
        this.budget = budget;
    }

    static RawLayer read(Path file, String baseName, Budget budget) {
        GeoJsonUpload reader = new GeoJsonUpload(budget);
        List<Map<String, JsonNode>> props = new ArrayList<>();
        List<Geometry> geoms = new ArrayList<>();
        RawLayer layer = new RawLayer("geojson", baseName);
        layer.crs = SourceCrs.WGS84;
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad("not a GeoJSON object");
            }
            String type = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "type" -> type = p.getText();
                    case "name" -> layer.name = t == JsonToken.VALUE_STRING && !p.getText().isBlank() ? p.getText() : layer.name;
                    case "crs" -> layer.crs = crs(MAPPER.readTree(p));
                    case "features" -> reader.features(p, props, geoms);
                    case "properties" -> props.add(properties(MAPPER.readTree(p)));
                    case "geometry" -> geoms.add(reader.geometry(p));
                    default -> p.skipChildren();
                }
            }
            if ("Feature".equals(type)) {
                budget.feature();
                if (props.isEmpty()) {
                    props.add(Map.of());
                }
                if (geoms.isEmpty()) {
                    geoms.add(null);
                }
            } else if (!"FeatureCollection".equals(type)) {
                throw bad("not a GeoJSON FeatureCollection or Feature (type is " + type + ")");
            }
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new UploadException(400, "file", "not accepted: the JSON is nested too deeply or has a value "
                    + "that is too long", e);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new UploadException(400, "file", "not valid JSON" + (at != null && at.getLineNr() > 0
                    ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : ""), e);
        } catch (IOException e) {
            throw new UploadException(400, "file", "the file cannot be read (cut short or damaged)", e);
        }
        typeProperties(layer, props, geoms);
        return layer;
    }

    private void features(JsonParser p, List<Map<String, JsonNode>> props, List<Geometry> geoms) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw bad("'features' must be an array");
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            budget.feature();
            featureIndex++;
            Map<String, JsonNode> properties = Map.of();
            Geometry geometry = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "geometry" -> geometry = geometry(p);
                    case "properties" -> properties = properties(MAPPER.readTree(p));
                    default -> p.skipChildren();
                }
            }
            props.add(properties);
            geoms.add(geometry);
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw bad("feature #" + (featureIndex + 1) + " is not a JSON object");
        }
    }

    private static Map<String, JsonNode> properties(JsonNode node) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    private Geometry geometry(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw bad(where() + "geometry must be an object or null");
        }
        String type = null;
        Object coords = null;
        List<Geometry> members = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "type" -> type = p.getText();
                case "coordinates" -> coords = coordinates(p);
                case "geometries" -> {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        members.add(geometry(p));
                    }
                }
                default -> p.skipChildren();
            }
        }
        try {
            return build(type, coords, members);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw bad(where() + "a " + type + " with malformed coordinates");
        }
    }

    /** A position as a Coordinate, or a List of nested coordinates. */
    private Object coordinates(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw bad(where() + "coordinates must be arrays");
        }
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double x = p.getDoubleValue();
            if (p.nextToken() == JsonToken.END_ARRAY || !p.currentToken().isNumeric()) {
                throw bad(where() + "a position needs two numbers");
            }
            double y = p.getDoubleValue();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                p.skipChildren(); // z and more are ignored
            }
            budget.vertices(1);
            return new Coordinate(x, y);
        }
        List<Object> list = new ArrayList<>();
        while (t != JsonToken.END_ARRAY) {
            list.add(coordinates(p));
            t = p.nextToken();
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private Geometry build(String type, Object c, List<Geometry> members) {
        if (type == null) {
            throw bad(where() + "geometry has no type");
        }
        return switch (type) {
            case "Point" -> factory.createPoint((Coordinate) c);
            case "MultiPoint" -> factory.createMultiPoint(((List<Object>) c).stream()
                    .map(o -> factory.createPoint((Coordinate) o)).toArray(Point[]::new));
            case "LineString" -> factory.createLineString(coords(c));
            case "MultiLineString" -> factory.createMultiLineString(((List<Object>) c).stream()
                    .map(o -> factory.createLineString(coords(o))).toArray(LineString[]::new));
            case "Polygon" -> polygon(c);
            case "MultiPolygon" -> factory.createMultiPolygon(((List<Object>) c).stream()
                    .map(this::polygon).toArray(Polygon[]::new));
            case "GeometryCollection" -> factory.createGeometryCollection(members.toArray(Geometry[]::new));
            default -> throw bad(where() + "unknown geometry type " + type);
        };
    }

    @SuppressWarnings("unchecked")
    private Polygon polygon(Object c) {
        List<LinearRing> rings = new ArrayList<>();
        for (Object o : (List<Object>) c) {
            Coordinate[] ring = coords(o);
            if (ring.length > 0 && !ring[0].equals2D(ring[ring.length - 1])) {
                ring = java.util.Arrays.copyOf(ring, ring.length + 1);
                ring[ring.length - 1] = new Coordinate(ring[0]);
            }
            if (ring.length >= 4) {
                rings.add(factory.createLinearRing(ring));
            } else if (rings.isEmpty()) {
                return factory.createPolygon(); // a degenerate shell: empty, dropped later
            }
        }
        if (rings.isEmpty()) {
            return factory.createPolygon();
        }
        return factory.createPolygon(rings.get(0), rings.subList(1, rings.size()).toArray(LinearRing[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Coordinate[] coords(Object c) {
        return ((List<Object>) c).stream().map(o -> (Coordinate) o).toArray(Coordinate[]::new);
    }

    private static SourceCrs crs(JsonNode crs) {
        String name = crs.path("properties").path("name").asText("");
        if (name.isBlank()) {
            return SourceCrs.WGS84;
        }
        return SourceCrs.parse(name, "file");
    }

    private static void typeProperties(RawLayer layer, List<Map<String, JsonNode>> props, List<Geometry> geoms) {
        Map<String, FieldType> types = new LinkedHashMap<>();
        for (Map<String, JsonNode> row : props) {
            row.forEach((k, v) -> types.put(k, widen(types.get(k), typeOf(v))));
        }
        types.replaceAll((k, v) -> v == null ? FieldType.STRING : v);
        types.forEach((k, v) -> layer.fields.add(new UploadField(k, v)));
        for (int i = 0; i < props.size(); i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, JsonNode> row = props.get(i);
            types.forEach((k, t) -> values.put(k, value(row.get(k), t)));
            layer.rows.add(new RawLayer.Row(geoms.get(i), values));
        }
    }

    /** Null for JSON null (no information). */
    private static FieldType typeOf(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return FieldType.INTEGER;
        }
        if (v.isNumber()) {
            return FieldType.NUMBER;
        }
        if (v.isBoolean()) {
            return FieldType.BOOLEAN;
        }
        return v.isTextual() && TypeGuess.isDate(v.asText()) ? FieldType.DATE : FieldType.STRING;
    }

    private static FieldType widen(FieldType a, FieldType b) {
        if (a == null || a == b) {
            return b == null ? a : b;
        }
        if (b == null) {
            return a;
        }
        boolean numeric = (a == FieldType.INTEGER || a == FieldType.NUMBER) && (b == FieldType.INTEGER || b == FieldType.NUMBER);
        return numeric ? FieldType.NUMBER : FieldType.STRING;
    }

    private static Object value(JsonNode v, FieldType t) {
        if (v == null || v.isNull()) {
            return null;
        }
        return switch (t) {
            case INTEGER -> v.asLong();
            case NUMBER -> v.asDouble();
            case BOOLEAN -> v.asBoolean();
            case DATE -> v.asText();
            case STRING -> v.isValueNode() ? v.asText() : v.toString();
        };
    }

    private String where() {
        return featureIndex > 0 ? "feature #" + featureIndex + ": " : "";
    }

    private static UploadException bad(String detail) {
        return UploadException.bad("file", detail);
    }
}
