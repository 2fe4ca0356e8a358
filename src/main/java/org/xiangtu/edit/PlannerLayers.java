package org.xiangtu.edit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.xiangtu.account.AuditLog;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.Role;
import org.xiangtu.geo.Crs;
import org.xiangtu.io.upload.ParsedUpload;
import org.xiangtu.io.upload.UploadFeature;
import org.xiangtu.io.upload.UploadField;
import org.xiangtu.io.upload.UploadReader;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.EditStore;
import org.xiangtu.store.Feature;

/**
 * Layers planners import (survey files from other departments), kept in the store's generic
 * tables {@code xiangtu_planner_layers} and {@code xiangtu_planner_features}: geometry as WKB in
 * EPSG:4490 lon/lat with its bounding box as numbers (for bbox queries), properties as JSON under
 * safe column names, the original names kept as field titles. An import is one transaction with
 * its audit entry. A layer is visible to signed-in users; it is listed in the OGC API only once
 * published.
 */
public final class PlannerLayers {
    static final String INSERT_LAYER = "INSERT INTO xiangtu_planner_layers (id, title, owner, geometry_kind, fields, "
            + "features, published, source, report, min_x, min_y, max_x, max_y, created_at, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_FEATURE = "INSERT INTO xiangtu_planner_features (layer_id, seq, geom, min_x, min_y, "
            + "max_x, max_y, properties) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static final String LAYER_COLUMNS = "id, title, owner, geometry_kind, fields, features, published, source, report, "
            + "min_x, min_y, max_x, max_y, created_at, updated_at";
    static final String LIST = "SELECT " + LAYER_COLUMNS + " FROM xiangtu_planner_layers ORDER BY created_at, id";
    static final String FIND = "SELECT " + LAYER_COLUMNS + " FROM xiangtu_planner_layers WHERE id = ?";
    static final String PUBLISH = "UPDATE xiangtu_planner_layers SET published = ?, updated_at = ? WHERE id = ?";
    static final String IS_PUBLISHED = "SELECT published FROM xiangtu_planner_layers WHERE id = ?";
    static final String DELETE_FEATURES = "DELETE FROM xiangtu_planner_features WHERE layer_id = ?";
    static final String DELETE_LAYER = "DELETE FROM xiangtu_planner_layers WHERE id = ?";
    static final String BBOX = "layer_id = ? AND (? IS NULL OR (max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ?))";
    static final String PAGE = "SELECT seq, geom, properties FROM xiangtu_planner_features WHERE " + BBOX
            + " ORDER BY seq LIMIT ? OFFSET ?";
    static final String COUNT = "SELECT count(*) FROM xiangtu_planner_features WHERE " + BBOX;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A field of a planner layer: safe name, original name as title, type. */
    public record Field(String name, String title, FieldType type) {
    }

    /** A planner layer's description. */
    public record Layer(String id, String title, String owner, GeometryKind geometryKind, List<Field> fields,
            int features, boolean published, String source, Map<String, Object> report, Envelope extent,
            Instant createdAt, Instant updatedAt) {
    }

    /** A page of a planner layer's features, with the number matched. */
    public record Page(List<Feature> features, long matched) {
    }

    private final EditStore store;
    private final ChangeFeed feed;

    public PlannerLayers(EditStore store, ChangeFeed feed) {
        this.store = store;
        this.feed = feed;
    }

    /** Stores an upload as a new (unpublished) layer, in one transaction with its audit entry. */
    public Layer create(ParsedUpload upload, String title, String sourceFile, String owner, String address) {
        String id = "pl-" + LocalDate.now(ProjectEdits.COUNTY_ZONE).toString().replace("-", "") + "-"
                + HexFormat.of().formatHex(bytes(4));
        List<String> names = UploadReader.columnNames(upload.fields());
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < upload.fields().size(); i++) {
            UploadField f = upload.fields().get(i);
            fields.add(new Field(names.get(i), f.name(), f.type()));
        }
        Envelope extent = new Envelope();
        upload.features().forEach(f -> {
            if (f.geometry() != null) {
                extent.expandToInclude(f.geometry().getEnvelopeInternal());
            }
        });
        Instant now = Instant.now();
        Map<String, Object> report = JSON.convertValue(upload.report(), new TypeReference<>() { });
        Layer layer = new Layer(id, title, owner, upload.geometryKind(), fields, upload.features().size(), false,
                sourceFile, report, extent.isNull() ? null : extent, now, now);
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT_LAYER)) {
                ps.setString(1, id);
                ps.setString(2, title);
                ps.setString(3, owner);
                ps.setString(4, upload.geometryKind().json());
                ps.setString(5, json(fields));
                ps.setInt(6, upload.features().size());
                ps.setString(7, sourceFile);
                ps.setString(8, json(report));
                setExtent(ps, 9, layer.extent());
                store.dialect().setInstant(ps, 13, now);
                store.dialect().setInstant(ps, 14, now);
                ps.executeUpdate();
            }
            WKBWriter wkb = new WKBWriter(2);
            try (PreparedStatement ps = c.prepareStatement(INSERT_FEATURE)) {
                int seq = 0;
                for (UploadFeature f : upload.features()) {
                    ps.setString(1, id);
                    ps.setInt(2, ++seq);
                    if (f.geometry() == null) {
                        ps.setNull(3, Types.BINARY);
                        setExtent(ps, 4, null);
                    } else {
                        ps.setBytes(3, wkb.write(f.geometry()));
                        setExtent(ps, 4, f.geometry().getEnvelopeInternal());
                    }
                    Map<String, Object> props = new LinkedHashMap<>();
                    for (int i = 0; i < fields.size(); i++) {
                        props.put(fields.get(i).name(), f.properties().get(upload.fields().get(i).name()));
                    }
                    ps.setString(8, json(props));
                    ps.addBatch();
                    if (seq % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            store.appendAudit(c, AuditEntry.of(owner, address, "import", id, "ok", AuditLog.json(Map.of("title", title,
                    "file", sourceFile == null ? "" : sourceFile, "features", upload.features().size(),
                    "repaired", upload.report().repaired(), "dropped", upload.report().dropped()))));
            return null;
        });
        // a new layer is unpublished: its id is for signed-in users (who may list planner layers), not the public
        feed.publish("layer", List.of(id), Map.of("id", id, "action", "import"), Role.LEADER);
        return layer;
    }

    public List<Layer> list() {
        return store.read(c -> {
            List<Layer> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(LIST); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(layer(rs));
                }
            }
            return out;
        });
    }

    public Optional<Layer> find(String id) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(layer(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Features whose bounding box meets {@code bbox} (null: all) and whose geometry intersects it, by import order. */
    public Page features(String id, Envelope bbox, int limit, int offset) {
        return store.read(c -> {
            long matched;
            try (PreparedStatement ps = c.prepareStatement(COUNT)) {
                bindBbox(ps, 1, id, bbox);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    matched = rs.getLong(1);
                }
            }
            List<Feature> out = new ArrayList<>();
            WKBReader reader = new WKBReader(Crs.LONLAT);
            try (PreparedStatement ps = c.prepareStatement(PAGE)) {
                int i = bindBbox(ps, 1, id, bbox);
                ps.setInt(i, limit);
                ps.setInt(i + 1, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] wkb = rs.getBytes(2);
                        Geometry g = wkb == null ? null : reader.read(wkb);
                        if (g != null) {
                            g.setSRID(Crs.CGCS2000);
                        }
                        Map<String, Object> props = JSON.readValue(rs.getString(3), new TypeReference<LinkedHashMap<String, Object>>() { });
                        props.replaceAll((k, v) -> v instanceof Integer n ? Long.valueOf(n) : v);
                        out.add(new Feature(id + "." + rs.getInt(1), g, props));
                    }
                } catch (ParseException | java.io.IOException e) {
                    throw new IllegalStateException("damaged feature in planner layer " + id + ": " + e.getMessage(), e);
                }
            }
            return new Page(out, matched);
        });
    }

    /** One feature by its id ({@code <layer>.<seq>}); empty if there is none. */
    public Optional<Feature> feature(String layerId, String featureId) {
        String prefix = layerId + ".";
        if (!featureId.startsWith(prefix) || !featureId.substring(prefix.length()).matches("\\d{1,9}")) {
            return Optional.empty();
        }
        int seq = Integer.parseInt(featureId.substring(prefix.length()));
        return features(layerId, null, 1, seq - 1).features().stream().filter(f -> f.id().equals(featureId)).findFirst();
    }

    /** Publishes (or withdraws) a layer in the OGC API; false if there is no such layer. */
    public boolean publish(String id, boolean published, String user, String address) {
        boolean done = store.write(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement(PUBLISH)) {
                ps.setInt(1, published ? 1 : 0);
                store.dialect().setInstant(ps, 2, Instant.now());
                ps.setString(3, id);
                n = ps.executeUpdate();
            }
            if (n == 1) {
                store.appendAudit(c, AuditEntry.of(user, address, published ? "publish" : "unpublish", id, "ok", null));
            }
            return n == 1;
        });
        if (done) {
            feed.publish("layer", List.of(id), Map.of("id", id, "action", published ? "publish" : "unpublish"));
        }
        return done;
    }

    /** Deletes a layer and its features; false if there is no such layer. */
    public boolean delete(String id, String user, String address) {
        boolean[] wasPublished = {false};
        boolean done = store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(IS_PUBLISHED)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    wasPublished[0] = rs.next() && rs.getInt(1) == 1;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(DELETE_FEATURES)) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            int n;
            try (PreparedStatement ps = c.prepareStatement(DELETE_LAYER)) {
                ps.setString(1, id);
                n = ps.executeUpdate();
            }
            if (n == 1) {
                store.appendAudit(c, AuditEntry.of(user, address, "delete-layer", id, "ok", null));
            }
            return n == 1;
        });
        if (done) {
            feed.publish("layer", List.of(id), Map.of("id", id, "action", "delete"),
                    wasPublished[0] ? Role.PUBLIC : Role.LEADER);
        }
        return done;
    }

    private int bindBbox(PreparedStatement ps, int i, String id, Envelope bbox) throws SQLException {
        ps.setString(i, id);
        if (bbox == null) {
            ps.setNull(i + 1, Types.DOUBLE);
            for (int k = 2; k <= 5; k++) {
                ps.setNull(i + k, Types.DOUBLE);
            }
        } else {
            ps.setDouble(i + 1, bbox.getMinX());
            ps.setDouble(i + 2, bbox.getMinX());
            ps.setDouble(i + 3, bbox.getMaxX());
            ps.setDouble(i + 4, bbox.getMinY());
            ps.setDouble(i + 5, bbox.getMaxY());
        }
        return i + 6;
    }

    private static void setExtent(PreparedStatement ps, int i, Envelope e) throws SQLException {
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

    private Layer layer(ResultSet rs) throws SQLException {
        try {
            List<Field> fields = JSON.readValue(rs.getString(5), new TypeReference<List<Field>>() { });
            Map<String, Object> report = rs.getString(9) == null ? Map.of()
                    : JSON.readValue(rs.getString(9), new TypeReference<LinkedHashMap<String, Object>>() { });
            double minX = rs.getDouble(10);
            Envelope extent = rs.wasNull() ? null : new Envelope(minX, rs.getDouble(12), rs.getDouble(11), rs.getDouble(13));
            return new Layer(rs.getString(1), rs.getString(2), rs.getString(3), kind(rs.getString(4)), fields,
                    rs.getInt(6), rs.getInt(7) == 1, rs.getString(8), report, extent,
                    store.dialect().getInstant(rs, 14), store.dialect().getInstant(rs, 15));
        } catch (java.io.IOException e) {
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

    private static String json(Object v) {
        return AuditLog.json(v);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
