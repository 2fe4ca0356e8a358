package org.xiangtu.store.geopackage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.CollectionInfo;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeaturePage;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.StoreUnavailableException;

/**
 * The embedded store: a GeoPackage file (built by {@link GeoPackageBuilder}) read through a small
 * pool of read-only SQLite connections. A bbox query takes candidates from the R-tree and keeps
 * those whose geometry really intersects the box (the same answer as PostGIS {@code ST_Intersects}).
 */
public final class GeoPackageStore implements FeatureStore {
    private static final int POOL_SIZE = 4;

    private final Path file;
    private final Catalog catalog;
    private final BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(POOL_SIZE);
    private final Map<String, String> buildInfo;

    private GeoPackageStore(Path file, Catalog catalog) throws SQLException {
        this.file = file;
        this.catalog = catalog;
        for (int i = 0; i < POOL_SIZE; i++) {
            pool.add(connect(file));
        }
        this.buildInfo = readBuildInfo();
    }

    /**
     * Opens an existing GeoPackage and checks that it has a table, with the catalogue's columns,
     * for every layer (fail fast).
     *
     * @throws IllegalStateException naming what is missing when the file does not fit the catalogue
     */
    public static GeoPackageStore open(Path file, Catalog catalog) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " does not exist");
        }
        try {
            GeoPackageStore store = new GeoPackageStore(file, catalog);
            try {
                store.check();
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            return store;
        } catch (SQLException e) {
            throw new IllegalStateException(file + " is not a readable GeoPackage: " + e.getMessage(), e);
        }
    }

    /** A value the builder recorded in the file ("data_fingerprint", "source", "built_at"); may be empty. */
    public Optional<String> buildInfo(String key) {
        return Optional.ofNullable(buildInfo.get(key));
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setBusyTimeout(5_000);
        return Sqlite.open(file, config);
    }

    private Map<String, String> readBuildInfo() {
        Map<String, String> info = new HashMap<>();
        for (String key : List.of(GeoPackageBuilder.KEY_FINGERPRINT, GeoPackageBuilder.KEY_SOURCE,
                GeoPackageBuilder.KEY_BUILT_AT)) {
            try {
                withConnection(c -> {
                    try (PreparedStatement ps = c.prepareStatement(GeoPackageSql.BUILD_INFO)) {
                        ps.setString(1, key);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next() && rs.getString(1) != null) {
                                info.put(key, rs.getString(1));
                            }
                        }
                    }
                    return null;
                });
            } catch (StoreUnavailableException e) {
                // a GeoPackage not built by Xiangtu has no build table: nothing recorded
            }
        }
        return info;
    }

    private void check() {
        withConnection(c -> {
            Map<String, String> tables = new HashMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(GeoPackageSql.TABLES)) {
                while (rs.next()) {
                    tables.put(rs.getString(1), rs.getString(2));
                }
            }
            for (LayerDef layer : catalog.layers()) {
                String expected = layer.isSpatial() ? "features" : "attributes";
                if (!expected.equals(tables.get(layer.id()))) {
                    throw new IllegalStateException(file + " has no " + expected + " table for layer '"
                            + layer.id() + "'; rebuild it with: xiangtu import --gpkg " + file);
                }
                Set<String> columns = new HashSet<>();
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("PRAGMA table_info(" + GeoPackageSql.q(layer.id()) + ")")) {
                    while (rs.next()) {
                        columns.add(rs.getString("name"));
                    }
                }
                List<String> needed = new ArrayList<>(List.of("id", "updated_at"));
                if (layer.isSpatial()) {
                    needed.add("geom");
                }
                layer.fields().forEach(f -> needed.add(f.name()));
                for (String col : needed) {
                    if (!columns.contains(col)) {
                        throw new IllegalStateException(file + ": table '" + layer.id() + "' has no column '"
                                + col + "'; rebuild it with: xiangtu import --gpkg " + file);
                    }
                }
            }
            return null;
        });
    }

    @Override
    public String kind() {
        return "geopackage";
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public List<CollectionInfo> collections() {
        return catalog.layers().stream().map(l -> summary(l)).toList();
    }

    @Override
    public Optional<CollectionInfo> collection(String collectionId) {
        return catalog.layer(collectionId).map(this::summary);
    }

    private CollectionInfo summary(LayerDef layer) {
        return withConnection(c -> {
            Envelope extent = null;
            if (layer.isSpatial()) {
                try (PreparedStatement ps = prepare(c, GeoPackageSql.EXTENT, List.of(layer.id()));
                        ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) {
                        extent = new Envelope(rs.getDouble(1), rs.getDouble(3), rs.getDouble(2), rs.getDouble(4));
                    }
                }
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(GeoPackageSql.summary(layer.id()))) {
                rs.next();
                return new CollectionInfo(layer.id(), extent, instant(rs.getString(2)), instant(rs.getString(3)),
                        rs.getLong(1));
            }
        });
    }

    @Override
    public FeaturePage features(String collectionId, FeatureQuery query) {
        LayerDef layer = layerOrThrow(collectionId);
        List<FieldDef> fields = fields(layer, query.properties());
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        boolean bbox = query.bbox() != null && layer.isSpatial();
        if (query.bbox() != null && !layer.isSpatial()) {
            return new FeaturePage(List.of(), 0); // no geometry intersects anything
        }
        String from = " FROM " + GeoPackageSql.q(layer.id()) + " t";
        if (bbox) {
            Envelope b = query.bbox();
            from += " JOIN " + GeoPackageSql.rtree(layer.id()) + " r ON r.id = t.fid";
            where.append(" AND r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ?");
            args.addAll(List.of(b.getMaxX(), b.getMinX(), b.getMaxY(), b.getMinY()));
        }
        for (Map.Entry<String, Object> filter : query.filters().entrySet()) {
            FieldDef field = layer.field(filter.getKey()).orElseThrow(
                    () -> new IllegalArgumentException("no field " + filter.getKey() + " in " + layer.id()));
            where.append(" AND t.").append(GeoPackageSql.q(field.name())).append(" = ?");
            args.add(filter.getValue() instanceof Boolean b ? (b ? 1 : 0) : filter.getValue());
        }
        if (query.updated() != null) {
            if (query.updated().start() != null) {
                where.append(" AND t.updated_at >= ?");
                args.add(GeoPackageBuilder.gpkgDateTime(query.updated().start().toString()));
            }
            if (query.updated().end() != null) {
                where.append(" AND t.updated_at <= ?");
                args.add(GeoPackageBuilder.gpkgDateTime(query.updated().end().toString()));
            }
        }
        String select = selectList(layer, fields) + (bbox ? ", r.minx, r.maxx, r.miny, r.maxy" : "");
        String body = from + where;
        return withConnection(c -> bbox
                ? bboxPage(c, layer, fields, select + body + " ORDER BY t.id", args, query)
                : plainPage(c, layer, fields, select + body, body, args, query));
    }

    private FeaturePage plainPage(Connection c, LayerDef layer, List<FieldDef> fields, String sql, String countSql,
            List<Object> args, FeatureQuery query) throws SQLException {
        long matched;
        try (PreparedStatement ps = prepare(c, "SELECT count(*)" + countSql, args); ResultSet rs = ps.executeQuery()) {
            rs.next();
            matched = rs.getLong(1);
        }
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(query.limit());
        pageArgs.add(query.offset());
        List<Feature> features = new ArrayList<>();
        GpkgGeometry codec = new GpkgGeometry(Crs.LONLAT);
        try (PreparedStatement ps = prepare(c, sql + " ORDER BY t.id LIMIT ? OFFSET ?", pageArgs);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                features.add(row(rs, layer, fields, codec));
            }
        }
        return new FeaturePage(features, matched);
    }

    private FeaturePage bboxPage(Connection c, LayerDef layer, List<FieldDef> fields, String sql, List<Object> args,
            FeatureQuery query) throws SQLException {
        Envelope box = query.bbox();
        PreparedGeometry boxGeom = PreparedGeometryFactory.prepare(Crs.LONLAT.toGeometry(box));
        GpkgGeometry codec = new GpkgGeometry(Crs.LONLAT);
        List<Feature> features = new ArrayList<>();
        long matched = 0;
        int geomColumn = 2;
        int envColumn = fields.size() + 4;
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Envelope env = new Envelope(rs.getDouble(envColumn), rs.getDouble(envColumn + 1),
                        rs.getDouble(envColumn + 2), rs.getDouble(envColumn + 3));
                boolean inPage = matched >= query.offset() && features.size() < query.limit();
                Geometry g = null;
                if (!box.contains(env)) {
                    g = codec.decode(rs.getBytes(geomColumn));
                    if (g == null || !boxGeom.intersects(g)) {
                        continue;
                    }
                }
                if (inPage) {
                    features.add(row(rs, layer, fields, codec, g));
                }
                matched++;
            }
        }
        return new FeaturePage(features, matched);
    }

    @Override
    public Optional<Feature> feature(String collectionId, String featureId, List<String> properties) {
        LayerDef layer = layerOrThrow(collectionId);
        List<FieldDef> fields = fields(layer, properties);
        String sql = selectList(layer, fields) + " FROM " + GeoPackageSql.q(layer.id()) + " t WHERE t.id = ?";
        return withConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, List.of(featureId)); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, layer, fields, new GpkgGeometry(Crs.LONLAT))) : Optional.empty();
            }
        });
    }

    @Override
    public org.xiangtu.store.WorkStore openWork() {
        return new org.xiangtu.store.jdbc.JdbcWorkStore(GeoPackageTransactions.open(this), GeoPackageWorkSql.SQL,
                GeoPackagePhotoSql.SQL, uploadsFolder(Path.of(location())));
    }

    /**
     * The folder beside the file holding the bytes received of unfinished photo uploads, one file each
     * ({@code xiangtu.gpkg} → {@code xiangtu.gpkg-uploads/}): a chunk is a file write, not a commit.
     */
    public static Path uploadsFolder(Path gpkg) {
        return gpkg.resolveSibling(gpkg.getFileName() + "-uploads");
    }

    /**
     * Rows written by the running product (users, audit entries, photos and unfinished photo uploads) in the
     * file, which a rebuild would lose; 0 if none. The photo tables are counted on their own: a file made
     * before them still counts its users and audit entries.
     */
    public static long workRows(Path gpkg) {
        return count(gpkg, GeoPackageWorkSql.WORK_ROWS) + count(gpkg, GeoPackagePhotoSql.PHOTO_ROWS);
    }

    /** The single number a query answers; 0 when its tables do not exist (yet). */
    private static long count(Path gpkg, String query) {
        try (Connection c = Sqlite.open(gpkg); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return 0; // no such tables yet
        }
    }

    /** Whether the file was written by Xiangtu (has its build table), so it may be rebuilt. */
    public static boolean builtByXiangtu(Path gpkg) {
        try (Connection c = Sqlite.open(gpkg); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(GeoPackageSql.COUNT_BUILD_INFO)) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void ping() {
        withConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM gpkg_contents")) {
                rs.next();
                return null;
            }
        });
    }

    @Override
    public void close() {
        Connection c;
        while ((c = pool.poll()) != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }

    private LayerDef layerOrThrow(String id) {
        return catalog.layer(id).orElseThrow(() -> new IllegalArgumentException("no collection " + id));
    }

    private static List<FieldDef> fields(LayerDef layer, List<String> names) {
        return names.stream().filter(n -> !"updated_at".equals(n)).map(n -> layer.field(n).orElseThrow(
                () -> new IllegalArgumentException("no field " + n + " in " + layer.id()))).toList();
    }

    /** Columns: 1 id, 2 geom (or NULL), 3.. fields, then updated_at. */
    private static String selectList(LayerDef layer, List<FieldDef> fields) {
        StringBuilder sb = new StringBuilder("SELECT t.id, ").append(layer.isSpatial() ? "t.geom" : "NULL");
        for (FieldDef f : fields) {
            sb.append(", t.").append(GeoPackageSql.q(f.name()));
        }
        return sb.append(", t.updated_at").toString();
    }

    private static Feature row(ResultSet rs, LayerDef layer, List<FieldDef> fields, GpkgGeometry codec)
            throws SQLException {
        return row(rs, layer, fields, codec, null);
    }

    private static Feature row(ResultSet rs, LayerDef layer, List<FieldDef> fields, GpkgGeometry codec,
            Geometry decoded) throws SQLException {
        Geometry g = decoded != null ? decoded : layer.isSpatial() ? codec.decode(rs.getBytes(2)) : null;
        Map<String, Object> props = new LinkedHashMap<>();
        int i = 3;
        for (FieldDef f : fields) {
            props.put(f.name(), value(rs, i++, f.type()));
        }
        props.put("updated_at", String.valueOf(instant(rs.getString(i))));
        return new Feature(rs.getString(1), g, props);
    }

    private static Object value(ResultSet rs, int i, FieldType type) throws SQLException {
        Object v = switch (type) {
            case INTEGER -> rs.getLong(i);
            case NUMBER -> rs.getDouble(i);
            case BOOLEAN -> rs.getInt(i) != 0;
            default -> rs.getString(i);
        };
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
        return ps;
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(SqlWork<T> work) {
        Connection c;
        try {
            c = pool.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted waiting for " + file, e);
        }
        if (c == null) {
            throw new StoreUnavailableException("no free connection to " + file + " within 10 s", null);
        }
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read " + file + ": " + e.getMessage(), e);
        } finally {
            pool.add(c);
        }
    }
}
