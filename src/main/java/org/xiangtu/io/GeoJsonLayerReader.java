package org.xiangtu.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.DataException;
import org.xiangtu.store.Feature;

/**
 * Reads one layer's GeoJSON FeatureCollection and checks it against the catalogue: string ids,
 * unique; the declared geometry type (a Polygon is promoted to MultiPolygon, a LineString to
 * MultiLineString); valid geometry in lon/lat range; only catalogue fields, with their types and
 * allowed values; an {@code updated_at} timestamp. Every error names the file, the feature and the
 * field. Values come out as String, Long, Double, Boolean or null.
 */
public final class GeoJsonLayerReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GeoJsonLayerReader() {
    }

    public static List<Feature> read(LayerDef layer, InputStream in, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new DataException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !"FeatureCollection".equals(root.path("type").asText())) {
            throw new DataException(source + ": not a GeoJSON FeatureCollection");
        }
        JsonNode features = root.path("features");
        if (!features.isArray()) {
            throw new DataException(source + ": 'features' must be an array");
        }
        List<Feature> out = new ArrayList<>(features.size());
        Set<String> ids = new HashSet<>();
        GeoJsonReader geometryReader = new GeoJsonReader(Crs.LONLAT);
        int index = 0;
        for (JsonNode node : features) {
            Feature f = readFeature(layer, node, source, index++, geometryReader);
            if (!ids.add(f.id())) {
                throw new DataException(source + ": feature '" + f.id() + "': duplicate id");
            }
            out.add(f);
        }
        return out;
    }

    private static Feature readFeature(LayerDef layer, JsonNode node, String source, int index,
            GeoJsonReader geometryReader) {
        JsonNode idNode = node.get("id");
        String where = source + ": feature #" + index;
        if (idNode == null || !idNode.isTextual() || idNode.asText().isBlank()) {
            throw new DataException(where + ": 'id' must be a non-empty string");
        }
        String id = idNode.asText();
        where = source + ": feature '" + id + "'";
        if (!"Feature".equals(node.path("type").asText())) {
            throw new DataException(where + ": type must be 'Feature'");
        }
        Geometry geometry = readGeometry(layer, node.get("geometry"), where, geometryReader);
        Map<String, Object> props = readProperties(layer, node.get("properties"), where);
        return new Feature(id, geometry, props);
    }

    private static Geometry readGeometry(LayerDef layer, JsonNode node, String where, GeoJsonReader reader) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!layer.isSpatial()) {
            throw new DataException(where + ": field 'geometry': layer '" + layer.id() + "' has no geometry");
        }
        Geometry g;
        try {
            g = reader.read(node.toString());
        } catch (ParseException | RuntimeException e) {
            throw new DataException(where + ": field 'geometry': " + e.getMessage(), e);
        }
        g = promote(layer.geometry(), g);
        String expected = layer.geometry().json();
        if (layer.geometry() != GeometryKind.GEOMETRY && !expected.equals(g.getGeometryType())) {
            throw new DataException(where + ": field 'geometry': expected " + expected + ", got " + g.getGeometryType());
        }
        if (g.isEmpty()) {
            throw new DataException(where + ": field 'geometry': empty geometry (use null)");
        }
        for (Coordinate c : g.getCoordinates()) {
            if (!(c.x >= -180 && c.x <= 180 && c.y >= -90 && c.y <= 90)) {
                throw new DataException(where + ": field 'geometry': coordinate " + c.x + "," + c.y
                        + " is outside lon/lat range (is the file projected? convert it to EPSG:4490 first)");
            }
        }
        TopologyValidationError err = new IsValidOp(g).getValidationError();
        if (err != null) {
            throw new DataException(where + ": field 'geometry': invalid geometry: " + err.getMessage()
                    + " at " + err.getCoordinate());
        }
        g.setSRID(Crs.CGCS2000);
        return g;
    }

    private static Geometry promote(GeometryKind kind, Geometry g) {
        if (kind == GeometryKind.MULTIPOLYGON && g instanceof Polygon p) {
            return Crs.LONLAT.createMultiPolygon(new Polygon[] {p});
        }
        if (kind == GeometryKind.MULTILINESTRING && g instanceof LineString l) {
            return Crs.LONLAT.createMultiLineString(new LineString[] {l});
        }
        return g;
    }

    private static Map<String, Object> readProperties(LayerDef layer, JsonNode node, String where) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (node != null && !node.isNull() && !node.isObject()) {
            throw new DataException(where + ": 'properties' must be an object");
        }
        if (node != null && node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!"updated_at".equals(name) && layer.field(name).isEmpty()) {
                    throw new DataException(where + ": field '" + name + "': not a field of layer '"
                            + layer.id() + "' in the catalogue");
                }
            }
        }
        for (FieldDef field : layer.fields()) {
            JsonNode v = node == null ? null : node.get(field.name());
            out.put(field.name(), value(field, v, where));
        }
        out.put("updated_at", updatedAt(node == null ? null : node.get("updated_at"), where));
        return out;
    }

    private static Object value(FieldDef field, JsonNode v, String where) {
        if (v == null || v.isNull()) {
            return null;
        }
        String at = where + ": field '" + field.name() + "': ";
        Object value = switch (field.type()) {
            case STRING -> v.isTextual() ? v.asText() : fail(at + "expected a string, got " + v);
            case INTEGER -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))
                    ? (Object) v.asLong() : fail(at + "expected an integer, got " + v);
            case NUMBER -> v.isNumber() && Double.isFinite(v.asDouble())
                    ? (Object) v.asDouble() : fail(at + "expected a number, got " + v);
            case BOOLEAN -> v.isBoolean() ? (Object) v.asBoolean() : fail(at + "expected true or false, got " + v);
            case DATE -> v.isTextual() && isDate(v.asText()) ? v.asText() : fail(at + "expected a date YYYY-MM-DD, got " + v);
        };
        if (field.enumValues() != null && !field.enumValues().contains(String.valueOf(value))) {
            fail(at + "'" + value + "' is not one of " + field.enumValues());
        }
        return value;
    }

    private static String updatedAt(JsonNode v, String where) {
        if (v == null || !v.isTextual()) {
            throw new DataException(where + ": field 'updated_at': required, an RFC 3339 timestamp");
        }
        try {
            return OffsetDateTime.parse(v.asText()).toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            throw new DataException(where + ": field 'updated_at': not an RFC 3339 timestamp: " + v.asText(), e);
        }
    }

    private static boolean isDate(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Object fail(String message) {
        throw new DataException(message);
    }
}
