package org.xiangtu.io.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.io.GeoJsonReader;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;

/**
 * A GeoJSON FeatureCollection (or one Feature, or a bare JSON array of Features as some web maps write
 * them: said so in the report), read with the one {@link GeoJsonReader} so that vertices are counted
 * against the budget as they are parsed. RFC 7946 coordinates are EPSG:4326; an old-style {@code crs}
 * member naming an EPSG code is honoured. Geometry is taken leniently (rings closed, a ring of fewer than
 * four points left out, Z ignored); property types are inferred from the JSON values of all features, so
 * the features are held until the file is read. An ECharts map file ({@code "UTF8Encoding": true}: lines
 * and rings as encoded strings with {@code encodeOffsets}) is decoded ({@link EChartsCoordinates}). A file
 * that looks like a web map's (ECharts, or the members {@code adcode}, {@code center}, {@code centroid}
 * of the usual administrative-boundary sources) is flagged: its coordinates are probably GCJ-02.
 */
final class GeoJsonUpload {
    private final GeometryFactory factory = RawLayer.SOURCE;
    /** The ECharts scale (known once the document is read) and the budget the decoded vertices count against. */
    private double scale = EChartsCoordinates.DEFAULT_SCALE;
    private Budget budget;
    /** Whether an ECharts-encoded geometry was decoded. */
    private boolean decoded;

    private GeoJsonUpload() {
    }

    static RawLayer read(Path file, String baseName, Budget budget) {
        GeoJsonUpload reader = new GeoJsonUpload();
        List<Map<String, Object>> props = new ArrayList<>();
        List<GeoJsonReader.Shape> shapes = new ArrayList<>();
        List<Object> ids = new ArrayList<>();
        RawLayer layer = new RawLayer("geojson", baseName);
        layer.crs = SourceCrs.WGS84;
        try (InputStream in = Files.newInputStream(file);
                GeoJsonReader json = new GeoJsonReader(in, true, new GeoJsonReader.Listener() {
                    @Override
                    public void position() {
                        budget.vertices(1);
                    }
                })) {
            for (GeoJsonReader.Raw raw = json.next(); raw != null; raw = json.next()) {
                budget.feature();
                if (!raw.isObject()) {
                    throw bad("feature #" + (raw.index() + 1) + " is not a JSON object");
                }
                props.add(properties(raw.properties()));
                shapes.add(raw.geometry());
                ids.add(raw.id());
            }
            if (!json.isObject() && !json.isArray()) {
                throw bad("not a GeoJSON object");
            }
            if (json.isArray()) {
                layer.warnings.add("the file is a JSON array of Features, not a FeatureCollection: read as the "
                        + "features of one");
            }
            if (json.featuresNotArray()) {
                throw bad("'features' must be an array");
            }
            if (json.name() != null && !json.name().isBlank()) {
                layer.name = json.name();
            }
            if (json.crs() != null) {
                layer.crs = crs(json.crs());
            }
            String type = json.typeText();
            if ("Feature".equals(type)) {
                budget.feature();
                GeoJsonReader.Raw single = json.single();
                props.add(properties(single.properties()));
                shapes.add(single.geometry());
                ids.add(single.id());
            } else if (!json.isArray() && !"FeatureCollection".equals(type)) {
                throw bad("not a GeoJSON FeatureCollection or Feature (type is " + type + ")");
            }
            reader.scale = json.utf8Scale() != null && json.utf8Scale() > 0 ? json.utf8Scale()
                    : EChartsCoordinates.DEFAULT_SCALE;
            reader.budget = budget;
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
        List<Geometry> geoms = new ArrayList<>(shapes.size());
        for (int i = 0; i < shapes.size(); i++) {
            geoms.add(reader.geometry(shapes.get(i), shapes.size() == 1 ? "" : "feature #" + (i + 1) + ": "));
        }
        webMapHint(layer, props, reader.decoded);
        typeProperties(layer, props, geoms, ids);
        return layer;
    }

    /** Members that the usual web-map boundary sources (DataV GeoAtlas, ECharts maps) put on every feature. */
    private static final List<String> WEB_MAP_MEMBERS = List.of("adcode", "center", "centroid", "childrenNum");

    /** Flags a file that looks like a web map's: its coordinates are then probably GCJ-02. */
    private static void webMapHint(RawLayer layer, List<Map<String, Object>> props, boolean echarts) {
        if (echarts) {
            layer.webMapHint = "it is an ECharts map file (UTF8Encoding)";
            return;
        }
        for (String member : WEB_MAP_MEMBERS) {
            if (!props.isEmpty() && props.stream().filter(p -> p.containsKey(member)).count() * 2 > props.size()) {
                layer.webMapHint = "its features have '" + member + "', as web-map boundary files do";
                return;
            }
        }
    }

    /** The members of a properties object; none when it is absent, null or not an object. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Object raw) {
        return raw instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private Geometry geometry(GeoJsonReader.Shape shape, String where) {
        if (shape == null) {
            return null;
        }
        if (shape.notObject()) {
            throw bad(where + "geometry must be an object or null");
        }
        Object coords;
        if (shape.encodeOffsets() != null && shape.coordinates() != null) {
            decoded = true;
            coords = EChartsCoordinates.decode(shape.coordinates(), shape.encodeOffsets(), scale, budget, where);
        } else {
            coords = shape.coordinates() == null ? null : coordinates(shape.coordinates(), where);
        }
        List<Geometry> members = new ArrayList<>();
        if (shape.geometries() != null) {
            for (GeoJsonReader.Shape m : shape.geometries()) {
                members.add(m.isNull() ? null : geometry(m, where));
            }
        }
        String type = shape.type() instanceof String t ? t : null;
        if (shape.type() == GeoJsonReader.WRONG) {
            throw bad(where + "unknown geometry type " + shape.type());
        }
        try {
            return build(type, coords, members, where);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw bad(where + "a " + type + " with malformed coordinates");
        }
    }

    /** A position as a Coordinate (x, y; the rest ignored), or a List of nested coordinates. */
    private static Object coordinates(Object raw, String where) {
        if (raw instanceof GeoJsonReader.Position p) {
            if (p.numbers().length < 2) {
                throw bad(where + "a position needs two numbers");
            }
            return new Coordinate(p.numbers()[0], p.numbers()[1]);
        }
        if (raw instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(coordinates(o, where));
            }
            return out;
        }
        throw bad(where + "coordinates must be arrays");
    }

    @SuppressWarnings("unchecked")
    private Geometry build(String type, Object c, List<Geometry> members, String where) {
        if (type == null) {
            throw bad(where + "geometry has no type");
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
            default -> throw bad(where + "unknown geometry type " + type);
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

    /** Types every property from the values of all features, then hands the features on with typed values. */
    private static void typeProperties(RawLayer layer, List<Map<String, Object>> props, List<Geometry> geoms,
            List<Object> ids) {
        Map<String, FieldType> types = new LinkedHashMap<>();
        for (Map<String, Object> row : props) {
            row.forEach((k, v) -> types.put(k, widen(types.get(k), typeOf(v))));
        }
        types.replaceAll((k, v) -> v == null ? FieldType.STRING : v);
        List<FeatureSource.Field> fields = new ArrayList<>();
        types.forEach((k, v) -> fields.add(new FeatureSource.Field(k, v)));
        List<Feature> rows = new ArrayList<>(props.size());
        for (int i = 0; i < props.size(); i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, Object> row = props.get(i);
            types.forEach((k, t) -> values.put(k, value(row.get(k), t)));
            Object id = ids.get(i); // String, number, null or GeoJsonReader.WRONG (an object or array)
            rows.add(new Feature(id instanceof String || id instanceof Number ? id.toString() : null, geoms.get(i),
                    values));
        }
        layer.features = FeatureSource.of("geojson", GeometryKind.GEOMETRY, fields, rows);
    }

    /** Null for JSON null (no information); values as {@link GeoJsonReader} reads them. */
    private static FieldType typeOf(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Long) {
            return FieldType.INTEGER;
        }
        if (v instanceof Number) {
            return FieldType.NUMBER; // Double, or an integer beyond 64 bits
        }
        if (v instanceof Boolean) {
            return FieldType.BOOLEAN;
        }
        return v instanceof String s && TypeGuess.isDate(s) ? FieldType.DATE : FieldType.STRING;
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

    private static Object value(Object v, FieldType t) {
        if (v == null) {
            return null;
        }
        return switch (t) {
            case INTEGER -> ((Number) v).longValue();
            case NUMBER -> ((Number) v).doubleValue();
            case BOOLEAN -> (Boolean) v;
            case DATE -> (String) v;
            case STRING -> v.toString(); // an object or array as its JSON text
        };
    }

    private static UploadException bad(String detail) {
        return UploadException.bad("file", detail);
    }
}
