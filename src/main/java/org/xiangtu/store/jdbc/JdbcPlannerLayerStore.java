package org.xiangtu.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeaturePage;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.InvalidQueryException;
import org.xiangtu.store.PlannerLayerStore;

/**
 * Planner layers over JDBC, for both backends, in {@code xiangtu_planner_layers} and
 * {@code xiangtu_planner_features} (declared by the GeoPackage's {@code GeoPackageWorkSql} and by
 * Flyway {@code V4__planner_layers.sql}): geometry as 2D WKB with its bounding box as four numbers,
 * properties as JSON in field order, fields and report as JSON. The statements are the portable
 * {@code PLANNER_*} ones of {@link WorkSql}; a bbox query takes its candidates by the stored bounding
 * box in SQL, then keeps the exact JTS intersections (as the GeoPackage feature store does with its
 * R-tree), counting only those. Thread-safe as its {@link Transactions}.
 */
final class JdbcPlannerLayerStore implements PlannerLayerStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<Field>> FIELDS = new TypeReference<>() { };
    private final Transactions tx;
    private final WorkSql sql;
    private final JdbcWorkStore audit;

    JdbcPlannerLayerStore(Transactions tx, WorkSql sql, JdbcWorkStore audit) {
        this.tx = tx;
        this.sql = sql;
        this.audit = audit;
    }

    /**
     * In one transaction: {@code PLANNER_INSERT_LAYER}, one {@code PLANNER_INSERT_FEATURE} per feature
     * (in batches), {@code PLANNER_COUNT_LAYER} with what the stream held, and the audit entry last.
     */
    @Override
    public Layer create(NewLayer layer, Iterable<NewFeature> features, AuditEntry entry) {
        return tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(WorkSql.PLANNER_INSERT_LAYER)) {
                ps.setString(1, layer.id());
                ps.setString(2, layer.title());
                ps.setString(3, layer.owner());
                ps.setString(4, layer.geometryKind() == null ? null : layer.geometryKind().json());
                ps.setString(5, json(layer.fields()));
                ps.setString(6, layer.source());
                ps.setString(7, layer.report() == null ? null : json(layer.report()));
                if (layer.at() == null) {
                    ps.setNull(8, Types.VARCHAR);
                    ps.setNull(9, Types.VARCHAR);
                } else {
                    tx.dialect().setInstant(ps, 8, layer.at());
                    tx.dialect().setInstant(ps, 9, layer.at());
                }
                ps.executeUpdate();
            }
            Envelope extent = new Envelope();
            int seq = 0;
            WKBWriter wkb = new WKBWriter(2);
            try (PreparedStatement ps = c.prepareStatement(WorkSql.PLANNER_INSERT_FEATURE)) {
                for (NewFeature f : features) {
                    ps.setString(1, layer.id());
                    ps.setInt(2, ++seq);
                    if (f.geometry() == null || f.geometry().isEmpty()) {
                        ps.setNull(3, Types.BINARY);
                        setEnvelope(ps, 4, null);
                    } else {
                        ps.setBytes(3, wkb.write(f.geometry()));
                        setEnvelope(ps, 4, f.geometry().getEnvelopeInternal());
                        extent.expandToInclude(f.geometry().getEnvelopeInternal());
                    }
                    Map<String, Object> props = new LinkedHashMap<>();
                    for (Field field : layer.fields()) {
                        props.put(field.name(), f.properties() == null ? null : f.properties().get(field.name()));
                    }
                    ps.setString(8, json(props));
                    ps.addBatch();
                    if (seq % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(WorkSql.PLANNER_COUNT_LAYER)) {
                ps.setInt(1, seq);
                setEnvelope(ps, 2, extent);
                ps.setString(6, layer.id());
                ps.executeUpdate();
            }
            audit.append(c, entry);
            return find(c, layer.id(), false).orElseThrow();
        });
    }

    @Override
    public List<Layer> list() {
        return tx.read(c -> {
            List<Layer> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(WorkSql.PLANNER_LIST); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(layer(rs));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Layer> find(String id) {
        return tx.read(c -> find(c, id, false));
    }

    private Optional<Layer> find(Connection c, String id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WorkSql.PLANNER_FIND + (lock ? sql.forUpdate() : ""))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(layer(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Without a bbox: {@code PLANNER_COUNT} and {@code PLANNER_PAGE}. With one: every candidate of
     * {@code PLANNER_BBOX_CANDIDATES} in order, kept when its geometry intersects the box (a bounding
     * box inside the box needs no test), counted, and decoded fully only when it falls in the page.
     */
    @Override
    public FeaturePage features(String layerId, FeatureQuery query) {
        check(query);
        return tx.read(c -> {
            Optional<Layer> layer = find(c, layerId, false);
            if (layer.isEmpty()) {
                return new FeaturePage(List.of(), 0);
            }
            List<String> properties = properties(layer.get(), query.properties());
            return query.bbox() == null ? page(c, layerId, properties, query)
                    : bboxPage(c, layerId, properties, query);
        });
    }

    private FeaturePage page(Connection c, String layerId, List<String> properties, FeatureQuery query)
            throws SQLException {
        long matched;
        try (PreparedStatement ps = c.prepareStatement(WorkSql.PLANNER_COUNT)) {
            ps.setString(1, layerId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                matched = rs.getLong(1);
            }
        }
        List<Feature> out = new ArrayList<>();
        WKBReader reader = new WKBReader(Crs.LONLAT);
        try (PreparedStatement ps = c.prepareStatement(WorkSql.PLANNER_PAGE)) {
            ps.setString(1, layerId);
            ps.setInt(2, query.limit());
            ps.setInt(3, query.offset());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(feature(layerId, rs.getInt(1), geometry(layerId, reader, rs.getBytes(2)),
                            rs.getString(3), properties));
                }
            }
        }
        return new FeaturePage(out, matched);
    }

    private FeaturePage bboxPage(Connection c, String layerId, List<String> properties, FeatureQuery query)
            throws SQLException {
        Envelope box = query.bbox();
        PreparedGeometry boxGeometry = PreparedGeometryFactory.prepare(Crs.LONLAT.toGeometry(box));
        WKBReader reader = new WKBReader(Crs.LONLAT);
        List<Feature> out = new ArrayList<>();
        long matched = 0;
        try (PreparedStatement ps = c.prepareStatement(WorkSql.PLANNER_BBOX_CANDIDATES)) {
            ps.setString(1, layerId);
            ps.setDouble(2, box.getMinX());
            ps.setDouble(3, box.getMaxX());
            ps.setDouble(4, box.getMinY());
            ps.setDouble(5, box.getMaxY());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Envelope env = new Envelope(rs.getDouble(4), rs.getDouble(6), rs.getDouble(5), rs.getDouble(7));
                    Geometry g = null;
                    if (!box.contains(env)) {
                        g = geometry(layerId, reader, rs.getBytes(2));
                        if (g == null || !boxGeometry.intersects(g)) {
                            continue;
                        }
                    }
                    if (matched >= query.offset() && out.size() < query.limit()) {
                        Geometry full = g != null ? g : geometry(layerId, reader, rs.getBytes(2));
                        out.add(feature(layerId, rs.getInt(1), full, rs.getString(3), properties));
                    }
                    matched++;
                }
            }
        }
        return new FeaturePage(out, matched);
    }

    @Override
    public Optional<Feature> feature(String layerId, String featureId) {
        String prefix = layerId + ".";
        if (!featureId.startsWith(prefix) || !featureId.substring(prefix.length()).matches("[1-9]\\d{0,8}")) {
            return Optional.empty();
        }
        int seq = Integer.parseInt(featureId.substring(prefix.length()));
        return tx.read(c -> {
            Optional<Layer> layer = find(c, layerId, false);
            if (layer.isEmpty()) {
                return Optional.empty();
            }
            List<String> all = layer.get().fields().stream().map(Field::name).toList();
            try (PreparedStatement ps = c.prepareStatement(WorkSql.PLANNER_FEATURE)) {
                ps.setString(1, layerId);
                ps.setInt(2, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(feature(layerId, seq, geometry(layerId, new WKBReader(Crs.LONLAT),
                            rs.getBytes(2)), rs.getString(3), all)) : Optional.empty();
                }
            }
        });
    }

    /** In one transaction: {@code PLANNER_PUBLISH} and, when it found the layer, the audit entry. */
    @Override
    public Optional<Layer> publish(String id, boolean published, java.time.Instant at, AuditEntry entry) {
        return tx.write(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement(WorkSql.PLANNER_PUBLISH)) {
                ps.setInt(1, published ? 1 : 0);
                tx.dialect().setInstant(ps, 2, at);
                ps.setString(3, id);
                n = ps.executeUpdate();
            }
            if (n == 0) {
                return Optional.empty();
            }
            audit.append(c, entry);
            return find(c, id, false);
        });
    }

    /** In one transaction: the layer row read and locked, its features and the row deleted, the audit entry. */
    @Override
    public Optional<Layer> delete(String id, AuditEntry entry) {
        return tx.write(c -> {
            Optional<Layer> before = find(c, id, true);
            if (before.isEmpty()) {
                return before;
            }
            for (String statement : List.of(WorkSql.PLANNER_DELETE_FEATURES, WorkSql.PLANNER_DELETE_LAYER)) {
                try (PreparedStatement ps = c.prepareStatement(statement)) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            audit.append(c, entry);
            return before;
        });
    }

    private static void check(FeatureQuery query) {
        if (!query.filters().isEmpty()) {
            String name = query.filters().keySet().iterator().next();
            throw new InvalidQueryException(name, "an imported layer is paged by bbox only, not filtered by '"
                    + name + "'");
        }
        if (query.updated() != null) {
            throw new InvalidQueryException("datetime", "an imported layer is paged by bbox only, not filtered by "
                    + "'datetime': its features have no update time");
        }
    }

    /** The names asked for that are fields of the layer, in the order asked; {@code updated_at} left out. */
    static List<String> properties(Layer layer, List<String> asked) {
        List<String> names = layer.fields().stream().map(Field::name).toList();
        List<String> out = new ArrayList<>();
        for (String name : asked) {
            if (name.equals("updated_at")) {
                continue;
            }
            if (!names.contains(name)) {
                throw new IllegalArgumentException("no field " + name + " in planner layer " + layer.id());
            }
            out.add(name);
        }
        return out;
    }

    private static Geometry geometry(String layerId, WKBReader reader, byte[] wkb) {
        if (wkb == null) {
            return null;
        }
        try {
            Geometry g = reader.read(wkb);
            g.setSRID(Crs.CGCS2000);
            return g;
        } catch (ParseException e) {
            throw new IllegalStateException("damaged geometry in planner layer " + layerId + ": " + e.getMessage(), e);
        }
    }

    private static Feature feature(String layerId, int seq, Geometry geometry, String json, List<String> properties) {
        Map<String, Object> stored;
        try {
            stored = JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("damaged feature " + layerId + "." + seq + ": " + e.getMessage(), e);
        }
        Map<String, Object> props = new LinkedHashMap<>();
        for (String name : properties) {
            Object v = stored.get(name);
            props.put(name, v instanceof Integer n ? Long.valueOf(n) : v);
        }
        return new Feature(layerId + "." + seq, geometry, props);
    }

    private Layer layer(ResultSet rs) throws SQLException {
        try {
            List<Field> fields = JSON.readValue(rs.getString(5), FIELDS);
            Map<String, Object> report = rs.getString(9) == null ? Map.of() : JSON.readValue(rs.getString(9), MAP);
            double minX = rs.getDouble(10);
            Envelope extent = rs.wasNull() ? null : new Envelope(minX, rs.getDouble(12), rs.getDouble(11),
                    rs.getDouble(13));
            return new Layer(rs.getString(1), rs.getString(2), rs.getString(3), kind(rs.getString(4)), fields,
                    rs.getInt(6), rs.getInt(7) == 1, rs.getString(8), report, extent,
                    tx.dialect().getInstant(rs, 14), tx.dialect().getInstant(rs, 15));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("damaged planner layer row: " + e.getMessage(), e);
        }
    }

    private static GeometryKind kind(String json) {
        for (GeometryKind k : GeometryKind.values()) {
            if (k.json().equals(json)) {
                return k;
            }
        }
        return GeometryKind.GEOMETRY;
    }

    private static void setEnvelope(PreparedStatement ps, int i, Envelope e) throws SQLException {
        if (e == null || e.isNull()) {
            for (int k = 0; k < 4; k++) {
                ps.setNull(i + k, Types.DOUBLE);
            }
        } else {
            ps.setDouble(i, e.getMinX());
            ps.setDouble(i + 1, e.getMinY());
            ps.setDouble(i + 2, e.getMaxX());
            ps.setDouble(i + 3, e.getMaxY());
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not storable as JSON: " + e.getMessage(), e);
        }
    }
}
