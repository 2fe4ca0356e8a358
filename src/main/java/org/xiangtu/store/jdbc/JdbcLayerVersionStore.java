package org.xiangtu.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.Feature;
import org.xiangtu.store.LayerVersionStore;

/**
 * {@link LayerVersionStore} over JDBC for both backends, in portable SQL: catalogue tables are written
 * with {@code ST_GeomFromWKB} and read with {@code ST_AsBinary}, which PostGIS has and the GeoPackage's
 * connection defines ({@code GpkgFunctions}). Column names come from the catalogue (quoted), values are
 * bound by the field's type. The copies live in {@code xiangtu_layer_versions} (one row a version) and
 * {@code xiangtu_layer_version_features} (one row a feature of the copy: WKB and properties as JSON),
 * declared in {@code GeoPackageWorkSql} and {@code V12__layer_versions.sql}. On PostgreSQL a change locks
 * the layer's table first ({@code SHARE ROW EXCLUSIVE}: readers go on, other writers of it wait), so two
 * changes of one layer take turns and get distinct version numbers; SQLite has one writer anyway.
 */
final class JdbcLayerVersionStore implements LayerVersionStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String VERSION_COLUMNS = "SELECT layer_id, version, action, at, actor, rolled_back_to, written, "
            + "removed, kept FROM xiangtu_layer_versions";
    static final String INSERT_VERSION = "INSERT INTO xiangtu_layer_versions (layer_id, version, action, at, actor, "
            + "rolled_back_to, written, removed, kept) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_COPY = "INSERT INTO xiangtu_layer_version_features (layer_id, version, seq, id, geom, "
            + "properties) VALUES (?, ?, ?, ?, ?, ?)";
    static final String COPY = "SELECT id, geom, properties FROM xiangtu_layer_version_features WHERE layer_id = ? "
            + "AND version = ? ORDER BY seq";

    private final Transactions tx;
    private final JdbcWorkStore audit;

    JdbcLayerVersionStore(Transactions tx, JdbcWorkStore audit) {
        this.tx = tx;
        this.audit = audit;
    }

    @Override
    public long replace(LayerDef layer, List<Feature> features, boolean merge, AuditEntry entry) {
        List<Feature> checked = List.copyOf(features);
        return tx.write(c -> {
            lock(c, layer);
            List<Feature> before = read(c, layer);
            long version = next(c, layer.id());
            keep(c, layer.id(), version, before);
            int removed;
            if (merge) {
                removed = 0;
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + q(layer.id()) + " WHERE \"id\" = ?")) {
                    for (Feature f : checked) {
                        ps.setString(1, f.id());
                        ps.executeUpdate();
                    }
                }
            } else {
                Set<String> ids = new HashSet<>();
                checked.forEach(f -> ids.add(f.id()));
                removed = (int) before.stream().filter(f -> !ids.contains(f.id())).count();
                deleteAll(c, layer);
            }
            insert(c, layer, checked);
            record(c, layer.id(), version, merge ? "merge" : "replace", entry, null, checked.size(), removed,
                    before.size());
            return version;
        });
    }

    @Override
    public List<Version> versions(String layerId) {
        return tx.read(c -> {
            List<Version> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(VERSION_COLUMNS + " WHERE layer_id = ? ORDER BY version DESC")) {
                ps.setString(1, layerId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long back = rs.getLong(6);
                        Long rolledBackTo = rs.wasNull() ? null : back;
                        out.add(new Version(rs.getString(1), rs.getLong(2), rs.getString(3), tx.dialect().getInstant(rs, 4),
                                rs.getString(5), rolledBackTo, rs.getInt(7), rs.getInt(8), rs.getInt(9)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public long rollback(LayerDef layer, long to, AuditEntry entry) {
        return tx.write(c -> {
            lock(c, layer);
            List<Feature> restored = copy(c, layer, to);
            List<Feature> before = read(c, layer);
            long version = next(c, layer.id());
            keep(c, layer.id(), version, before);
            deleteAll(c, layer);
            insert(c, layer, restored);
            Set<String> ids = new HashSet<>();
            restored.forEach(f -> ids.add(f.id()));
            int removed = (int) before.stream().filter(f -> !ids.contains(f.id())).count();
            record(c, layer.id(), version, "rollback", entry, to, restored.size(), removed, before.size());
            return version;
        });
    }

    private void lock(Connection c, LayerDef layer) throws SQLException {
        if (tx.dialect() == Transactions.Dialect.POSTGRESQL) {
            try (Statement st = c.createStatement()) {
                st.execute("LOCK TABLE " + q(layer.id()) + " IN SHARE ROW EXCLUSIVE MODE");
            }
        }
    }

    private static long next(Connection c, String layerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(max(version), 0) FROM xiangtu_layer_versions WHERE layer_id = ?")) {
            ps.setString(1, layerId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) + 1;
            }
        }
    }

    private void record(Connection c, String layerId, long version, String action, AuditEntry entry, Long to,
            int written, int removed, int kept) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_VERSION)) {
            ps.setString(1, layerId);
            ps.setLong(2, version);
            ps.setString(3, action);
            tx.dialect().setInstant(ps, 4, entry.at());
            ps.setString(5, entry.actor());
            if (to == null) {
                ps.setNull(6, Types.BIGINT);
            } else {
                ps.setLong(6, to);
            }
            ps.setInt(7, written);
            ps.setInt(8, removed);
            ps.setInt(9, kept);
            ps.executeUpdate();
        }
        audit.append(c, entry);
        if (tx.dialect() == Transactions.Dialect.SQLITE) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?")) {
                tx.dialect().setInstant(ps, 1, entry.at());
                ps.setString(2, layerId);
                ps.executeUpdate();
            }
        }
    }

    /** Every feature of the layer now, with every catalogue field and {@code updated_at}. */
    private List<Feature> read(Connection c, LayerDef layer) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT \"id\", ").append(layer.isSpatial() ? "ST_AsBinary(\"geom\")" : "NULL");
        layer.fields().forEach(f -> sql.append(", ").append(q(f.name())));
        sql.append(", \"updated_at\" FROM ").append(q(layer.id())).append(" ORDER BY \"id\"");
        List<Feature> out = new ArrayList<>();
        WKBReader wkb = new WKBReader(Crs.LONLAT);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            while (rs.next()) {
                Map<String, Object> props = new LinkedHashMap<>();
                int i = 3;
                for (FieldDef f : layer.fields()) {
                    props.put(f.name(), value(f, rs.getObject(i++)));
                }
                Instant at = tx.dialect().getInstant(rs, i);
                props.put("updated_at", at == null ? null : at.toString());
                out.add(new Feature(rs.getString(1), geometry(wkb, rs.getBytes(2)), props));
            }
        }
        return out;
    }

    private static void keep(Connection c, String layerId, long version, List<Feature> features) throws SQLException {
        WKBWriter wkb = new WKBWriter(2);
        try (PreparedStatement ps = c.prepareStatement(INSERT_COPY)) {
            int seq = 0;
            for (Feature f : features) {
                ps.setString(1, layerId);
                ps.setLong(2, version);
                ps.setInt(3, seq++);
                ps.setString(4, f.id());
                ps.setBytes(5, f.geometry() == null ? null : wkb.write(f.geometry()));
                ps.setString(6, json(f.properties()));
                ps.addBatch();
                if (seq % 500 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static List<Feature> copy(Connection c, LayerDef layer, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(VERSION_COLUMNS + " WHERE layer_id = ? AND version = ?")) {
            ps.setString(1, layer.id());
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NoSuchElementException("layer '" + layer.id() + "' has no version " + version);
                }
            }
        }
        List<Feature> out = new ArrayList<>();
        WKBReader wkb = new WKBReader(Crs.LONLAT);
        try (PreparedStatement ps = c.prepareStatement(COPY)) {
            ps.setString(1, layer.id());
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> stored = parse(rs.getString(3));
                    Map<String, Object> props = new LinkedHashMap<>();
                    for (FieldDef f : layer.fields()) {
                        props.put(f.name(), value(f, stored.get(f.name())));
                    }
                    props.put("updated_at", stored.get("updated_at"));
                    out.add(new Feature(rs.getString(1), geometry(wkb, rs.getBytes(2)), props));
                }
            }
        }
        return out;
    }

    private static void deleteAll(Connection c, LayerDef layer) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM " + q(layer.id()));
        }
    }

    private void insert(Connection c, LayerDef layer, List<Feature> features) throws SQLException {
        StringBuilder cols = new StringBuilder("\"id\"");
        StringBuilder vals = new StringBuilder("?");
        if (layer.isSpatial()) {
            cols.append(", \"geom\"");
            vals.append(", ST_GeomFromWKB(?, 4490)");
        }
        for (FieldDef f : layer.fields()) {
            cols.append(", ").append(q(f.name()));
            vals.append(", ?");
        }
        cols.append(", \"updated_at\"");
        vals.append(", ?");
        WKBWriter wkb = new WKBWriter(2);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q(layer.id()) + " (" + cols + ") VALUES ("
                + vals + ")")) {
            int n = 0;
            for (Feature f : features) {
                int i = 1;
                ps.setString(i++, f.id());
                if (layer.isSpatial()) {
                    ps.setBytes(i++, f.geometry() == null ? null : wkb.write(f.geometry()));
                }
                for (FieldDef field : layer.fields()) {
                    bind(ps, i++, field, f.properties().get(field.name()), f.id());
                }
                Object at = f.properties().get("updated_at");
                tx.dialect().setInstant(ps, i, at == null ? Instant.now() : Instant.parse(String.valueOf(at)));
                ps.addBatch();
                if (++n % 500 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private void bind(PreparedStatement ps, int i, FieldDef f, Object v, String id) throws SQLException {
        if (v == null) {
            ps.setNull(i, switch (f.type()) {
                case STRING, DATE -> Types.VARCHAR;
                case INTEGER -> Types.BIGINT;
                case NUMBER -> Types.DOUBLE;
                case BOOLEAN -> Types.BOOLEAN;
            });
            return;
        }
        try {
            switch (f.type()) {
                case STRING -> ps.setString(i, (String) v);
                case INTEGER -> ps.setLong(i, (Long) v);
                case NUMBER -> ps.setDouble(i, ((Number) v).doubleValue());
                case BOOLEAN -> ps.setBoolean(i, (Boolean) v);
                case DATE -> tx.dialect().setDate(ps, i, LocalDate.parse((String) v));
            }
        } catch (ClassCastException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("feature '" + id + "': field '" + f.name() + "': " + v
                    + " is not a " + f.type().json(), e);
        }
    }

    /** A stored value as the field's Java type (SQLite hands back integers for booleans, JSON small numbers as Integer). */
    private static Object value(FieldDef f, Object v) {
        if (v == null) {
            return null;
        }
        return switch (f.type()) {
            case STRING -> v.toString();
            case INTEGER -> ((Number) v).longValue();
            case NUMBER -> ((Number) v).doubleValue();
            case BOOLEAN -> v instanceof Boolean b ? b : ((Number) v).intValue() != 0;
            case DATE -> v.toString();
        };
    }

    private static Geometry geometry(WKBReader reader, byte[] wkb) throws SQLException {
        if (wkb == null) {
            return null;
        }
        try {
            Geometry g = reader.read(wkb);
            g.setSRID(Crs.CGCS2000);
            return g;
        } catch (ParseException e) {
            throw new SQLException("bad WKB in a layer copy: " + e.getMessage(), e);
        }
    }

    private static String q(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String json(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> parse(String s) throws SQLException {
        try {
            return JSON.readValue(s, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("bad properties in a layer copy: " + e.getMessage(), e);
        }
    }
}
