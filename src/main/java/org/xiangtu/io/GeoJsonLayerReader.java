package org.xiangtu.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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
import org.xiangtu.store.FeatureSource;

/**
 * A catalogue layer's GeoJSON FeatureCollection, read with the one {@link GeoJsonReader} and checked
 * against the catalogue as it goes: string ids, unique; the declared geometry type (a Polygon is
 * promoted to MultiPolygon, a LineString to MultiLineString); valid geometry in lon/lat range; only
 * catalogue fields, with their types and allowed values; an {@code updated_at} timestamp (see
 * {@link FeatureChecks}). Every error is a {@link DataException} naming the file, the feature and the
 * field. Values come out as String, Long, Double, Boolean or null.
 *
 * <p>The file is streamed ({@link #open}): JTS geometry built straight from the coordinates, one
 * feature in memory at a time, so a 250 MB layer can go to a store as it is read. Geometry is taken as
 * written: a ring that is not closed is an error here, not repaired (uploads repair, see
 * {@code io/upload}).
 */
public final class GeoJsonLayerReader extends FeatureSource.ReadAhead {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LayerDef layer;
    private final FieldDef[] fields;
    private final Set<String> names = new HashSet<>();
    private final String source;
    private final InputStream in;
    private final GeoJsonReader reader;
    private final Set<String> ids = new HashSet<>();

    private GeoJsonLayerReader(LayerDef layer, InputStream in, String source) {
        super(source, layer.geometry(), Field.of(layer));
        this.layer = layer;
        this.source = source;
        this.in = in;
        this.fields = layer.fields().toArray(FieldDef[]::new);
        layer.fields().forEach(f -> names.add(f.name()));
        names.add("updated_at");
        try {
            this.reader = new GeoJsonReader(in, false, null);
        } catch (IOException e) {
            throw new DataException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The features of {@code in}, checked one by one as they are asked for; closing the source closes
     * {@code in}. On a bad feature {@code hasNext()} throws, after the features before it have been
     * handed on (so the consumer must be able to undo them: a database transaction, a temporary file).
     */
    public static FeatureSource open(LayerDef layer, InputStream in, String source) {
        return new GeoJsonLayerReader(layer, in, source);
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
     * handed on.
     *
     * @throws DataException naming the file, the feature and the field
     */
    public static long stream(LayerDef layer, InputStream in, String source, Consumer<? super Feature> sink) {
        long n = 0;
        try (FeatureSource features = open(layer, in, source)) {
            while (features.hasNext()) {
                sink.accept(features.next());
                n++;
            }
        }
        return n;
    }

    @Override
    protected Feature read() {
        GeoJsonReader.Raw raw;
        try {
            raw = reader.next();
        } catch (JsonProcessingException e) {
            throw new DataException(source + ": not valid JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (!reader.isObject() || reader.type() != null && !"FeatureCollection".equals(reader.type())) {
            throw notCollection();
        }
        if (reader.featuresNotArray()) {
            throw new DataException(source + ": 'features' must be an array");
        }
        if (raw == null) {
            if (reader.type() == null) {
                throw notCollection();
            }
            if (!reader.sawFeatures()) {
                throw new DataException(source + ": 'features' must be an array");
            }
            return null;
        }
        Feature f = feature(raw);
        if (!ids.add(f.id())) {
            throw new DataException(source + ": feature '" + f.id() + "': duplicate id");
        }
        return f;
    }

    @Override
    protected void release() {
        try {
            reader.close();
            in.close();
        } catch (IOException e) {
            throw new DataException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private DataException notCollection() {
        return new DataException(source + ": not a GeoJSON FeatureCollection");
    }

    private Feature feature(GeoJsonReader.Raw raw) {
        String where = source + ": feature #" + raw.index();
        if (!raw.isObject()) {
            throw new DataException(where + ": not a GeoJSON Feature object");
        }
        String fid = FeatureChecks.id(raw.id(), where);
        where = source + ": feature '" + fid + "'";
        if (!"Feature".equals(raw.type())) {
            throw new DataException(where + ": type must be 'Feature'");
        }
        Geometry g = null;
        if (raw.geometry() != null) {
            if (!layer.isSpatial()) {
                throw new DataException(where + ": field 'geometry': layer '" + layer.id() + "' has no geometry");
            }
            try {
                g = build(raw.geometry());
            } catch (RuntimeException e) {
                throw new DataException(where + ": field 'geometry': " + e.getMessage(), e);
            }
            g = FeatureChecks.geometry(layer, g, where);
        }
        if (raw.properties() == GeoJsonReader.WRONG) {
            throw new DataException(where + ": 'properties' must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = raw.properties() == null ? Map.of() : (Map<String, Object>) raw.properties();
        return new Feature(fid, g, properties(values, where));
    }

    private Map<String, Object> properties(Map<String, Object> raw, String where) {
        for (String name : raw.keySet()) {
            if (!names.contains(name)) {
                throw new DataException(where + ": field '" + name + "': not a field of layer '"
                        + layer.id() + "' in the catalogue");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(2 * (fields.length + 1));
        for (FieldDef field : fields) {
            out.put(field.name(), FeatureChecks.value(field, raw.get(field.name()), where, GeoJsonLayerReader::show));
        }
        out.put("updated_at", FeatureChecks.updatedAt(raw.get("updated_at"), where));
        return out;
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

    // ------------------------------------------------------------------ geometry, as written

    private static Geometry build(GeoJsonReader.Shape shape) {
        if (shape.notObject()) {
            throw new IllegalArgumentException("must be a GeoJSON geometry object or null");
        }
        if (!(shape.type() instanceof String t)) {
            throw new IllegalArgumentException("'type' must be a GeoJSON geometry type");
        }
        if ("GeometryCollection".equals(t)) {
            if (shape.geometries() == null) {
                throw new IllegalArgumentException("a GeometryCollection needs 'geometries'");
            }
            return Crs.LONLAT.createGeometryCollection(shape.geometries().stream().map(GeoJsonLayerReader::build)
                    .toArray(Geometry[]::new));
        }
        Object coordinates = shape.coordinates();
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
                    .map(GeoJsonLayerReader::polygon).toArray(Polygon[]::new));
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
        if (c == GeoJsonReader.WRONG || c instanceof String || c instanceof GeoJsonReader.Position p && !p.allNumbers()) {
            throw new IllegalArgumentException("'coordinates' must hold only arrays of numbers");
        }
        if (c instanceof GeoJsonReader.Position p) {
            double[] d = p.numbers();
            if (d.length < 2) {
                throw new IllegalArgumentException("a position needs 2 numbers [lon, lat]");
            }
            return d.length == 2 ? new Coordinate(d[0], d[1]) : new Coordinate(d[0], d[1], d[2]);
        }
        throw new IllegalArgumentException("'coordinates' are nested too deep for the geometry type");
    }
}
