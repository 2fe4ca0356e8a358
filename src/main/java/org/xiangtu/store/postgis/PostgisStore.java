package org.xiangtu.store.postgis;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.xiangtu.store.GeoJsonPage;
import org.xiangtu.store.StoreUnavailableException;

/**
 * The production store: one PostgreSQL/PostGIS table per catalogue layer (schema by Flyway, see
 * {@link PostgisSchema}), read through a HikariCP pool. PostGIS does the spatial work: a bbox is
 * {@code geom && box AND ST_Intersects(geom, box)} on the GiST index, pages are ordered by
 * {@code id COLLATE "C"} (code point order, as the GeoPackage store). A page reads one row more
 * than its limit; {@code numberMatched} is implied by a page that is not full (offset + rows), and
 * only a full page, or one past the end, costs a {@code count(*)} (see {@link #page}).
 *
 * <p>For {@link #features}, geometry is read as WKB ({@code ST_AsBinary}) and decoded by JTS: WKB
 * carries the stored doubles exactly, so coordinates equal the GeoPackage store's bit for bit. For
 * {@link #geoJsonFeatures} (the OGC items pages), PostGIS writes the GeoJSON geometry itself
 * ({@code ST_AsGeoJSON} with enough digits for the shortest round-trip form of every double), and
 * the text is copied into the answer as it comes.
 *
 * <p>Every statement runs under the configured statement timeout; a database that is down, or a
 * statement that runs out of time, gives {@link StoreUnavailableException} (503) within the
 * configured connect and statement timeouts, and the pool reconnects by itself when it is back.
 * Thread-safe.
 */
public final class PostgisStore implements FeatureStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgisStore.class);
    /** Rows per round trip when reading a page. */
    private static final int FETCH_SIZE = 1000;

    /**
     * How to talk to the database.
     *
     * @param statementTimeoutMs longest a statement may run (0 = no limit)
     * @param connectTimeoutMs longest to wait for a connection (from the pool or a new one)
     * @param poolSize connections in the pool
     */
    public record Options(int statementTimeoutMs, int connectTimeoutMs, int poolSize) {
        public Options {
            if (statementTimeoutMs < 0 || connectTimeoutMs < 1 || poolSize < 1) {
                throw new IllegalArgumentException("need statementTimeoutMs ≥ 0, connectTimeoutMs ≥ 1, poolSize ≥ 1");
            }
        }

        /** The given timeouts and a pool of (processors + 2) connections. */
        public static Options of(int statementTimeoutMs, int connectTimeoutMs) {
            return new Options(statementTimeoutMs, connectTimeoutMs, Runtime.getRuntime().availableProcessors() + 2);
        }
    }

    private final DatabaseUrl url;
    private final Catalog catalog;
    private final HikariDataSource pool;
    private final String summariesSql;
    private final Map<String, String> summarySql = new LinkedHashMap<>();

    PostgisStore(DatabaseUrl url, Catalog catalog, HikariDataSource pool) {
        this.url = url;
        this.catalog = catalog;
        this.pool = pool;
        this.summariesSql = PostgisSql.summaries(catalog.layers());
        catalog.layers().forEach(l -> summarySql.put(l.id(), PostgisSql.summaries(List.of(l))));
    }

    /**
     * Connects, applies pending migrations, checks the schema against the catalogue and opens the pool.
     *
     * @throws StoreUnavailableException "cannot reach the database at HOST:PORT: …" when it does not answer
     * @throws IllegalStateException naming every mismatch when the schema does not fit the catalogue
     */
    public static PostgisStore open(DatabaseUrl url, Catalog catalog, Options options) {
        var plain = PostgisConnections.simple(url, options.connectTimeoutMs());
        try (Connection c = PostgisConnections.connect(url, plain)) {
            LOG.debug("connected to {}", url);
        } catch (SQLException e) {
            throw PostgisConnections.unreachable(url, e);
        }
        try {
            PostgisSchema.migrate(plain);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot migrate the database at " + url.hostPort() + ": "
                    + PostgisConnections.reason(e), e);
        }
        HikariDataSource pool = PostgisConnections.pool(url, options);
        PostgisStore store = new PostgisStore(url, catalog, pool);
        try {
            store.checkSchema();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void checkSchema() {
        List<String> problems = withConnection(c -> PostgisSchema.check(c, catalog, false));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the database at " + url.hostPort() + " does not fit the catalogue: "
                    + String.join("; ", problems));
        }
    }

    /** The pool, for tests of connection settings. */
    HikariDataSource pool() {
        return pool;
    }

    /** The PostGIS version of the server, for the start-up log. */
    public String postgisVersion() {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(PostgisSql.POSTGIS_VERSION); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    @Override
    public String kind() {
        return "postgis";
    }

    @Override
    public String location() {
        return url.toString();
    }

    @Override
    public List<CollectionInfo> collections() {
        return summaries(summariesSql, catalog.layers());
    }

    @Override
    public Optional<CollectionInfo> collection(String collectionId) {
        return catalog.layer(collectionId).map(l -> summaries(summarySql.get(l.id()), List.of(l)).get(0));
    }

    /** Rows: position in {@code layers}, count, first and last update, extent (min x, min y, max x, max y). */
    private List<CollectionInfo> summaries(String sql, List<LayerDef> layers) {
        return withConnection(c -> {
            CollectionInfo[] out = new CollectionInfo[layers.size()];
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = rs.getInt(1);
                    Envelope extent = null;
                    double minX = rs.getDouble(5);
                    if (!rs.wasNull()) {
                        extent = new Envelope(minX, rs.getDouble(7), rs.getDouble(6), rs.getDouble(8));
                    }
                    out[i] = new CollectionInfo(layers.get(i).id(), extent, instant(rs, 3), instant(rs, 4), rs.getLong(2));
                }
            }
            return List.of(out);
        });
    }

    @Override
    public FeaturePage features(String collectionId, FeatureQuery query) {
        LayerDef layer = layerOrThrow(collectionId);
        List<FieldDef> fields = fields(layer, query.properties());
        if (query.bbox() != null && !layer.isSpatial()) {
            return new FeaturePage(List.of(), 0); // no geometry intersects anything
        }
        WKBReader wkb = new WKBReader(Crs.LONLAT);
        List<Feature> rows = new ArrayList<>();
        long matched = page(layer, query, PostgisSql.selectList(layer, fields), rs -> rows.add(row(rs, fields, wkb)));
        return new FeaturePage(rows, matched);
    }

    /**
     * The page rendered as GeoJSON while it is read ({@link GeoJsonRows}): geometry written by
     * PostGIS ({@code ST_AsGeoJSON}, shortest round-trip doubles), text copied from the driver's
     * bytes, the page handed to the answer as the bytes it was rendered to.
     */
    @Override
    public GeoJsonPage geoJsonFeatures(String collectionId, FeatureQuery query) {
        LayerDef layer = layerOrThrow(collectionId);
        List<FieldDef> fields = fields(layer, query.properties());
        if (query.bbox() != null && !layer.isSpatial()) {
            return GeoJsonPage.of(List.of(), 0);
        }
        GeoJsonRows rows = new GeoJsonRows(fields);
        long matched = page(layer, query, PostgisSql.geoJsonSelectList(layer, fields), rows::add);
        return rows.page(matched);
    }

    /** Takes the rows of a page as they are read. */
    @FunctionalInterface
    private interface RowSink {
        void add(ResultSet rs) throws SQLException;
    }

    /**
     * Reads one page into {@code sink}: up to {@code limit} rows, and looks at one more to tell
     * whether there are more. Returns {@code numberMatched}: implied unless the page is full or lies
     * past the end (offset + rows); otherwise a {@code count(*)}.
     *
     * <p>A page whose limit is under {@value #FETCH_SIZE} (every items page of the default sizes) is one
     * statement in autocommit, its rows read in one go; its count, when needed, is a second
     * statement, which sees edits committed in between (at worst a {@code next} link too many or
     * too few while a planner edits; it never says fewer than the page has shown, plus one when
     * there is a next row). A larger read runs in a repeatable-read transaction, fetched
     * {@value #FETCH_SIZE} rows at a time, and its count sees the page's snapshot.
     */
    private long page(LayerDef layer, FeatureQuery query, String selectList, RowSink sink) {
        List<String> conditions = new ArrayList<>();
        List<Binder> args = new ArrayList<>();
        if (query.bbox() != null) {
            Envelope b = query.bbox();
            conditions.add(PostgisSql.BBOX);
            for (int k = 0; k < 2; k++) {
                for (double v : new double[] {b.getMinX(), b.getMinY(), b.getMaxX(), b.getMaxY()}) {
                    args.add((ps, i) -> ps.setDouble(i, v));
                }
            }
        }
        for (Map.Entry<String, Object> filter : query.filters().entrySet()) {
            FieldDef field = layer.field(filter.getKey()).orElseThrow(
                    () -> new IllegalArgumentException("no field " + filter.getKey() + " in " + layer.id()));
            conditions.add(PostgisSql.equalsField(field));
            Object value = filter.getValue();
            args.add((ps, i) -> bind(ps, i, field.type(), value));
        }
        if (query.updated() != null && query.updated().start() != null) {
            conditions.add(PostgisSql.UPDATED_FROM);
            OffsetDateTime t = OffsetDateTime.ofInstant(query.updated().start(), ZoneOffset.UTC);
            args.add((ps, i) -> ps.setObject(i, t));
        }
        if (query.updated() != null && query.updated().end() != null) {
            conditions.add(PostgisSql.UPDATED_TO);
            OffsetDateTime t = OffsetDateTime.ofInstant(query.updated().end(), ZoneOffset.UTC);
            args.add((ps, i) -> ps.setObject(i, t));
        }
        String where = conditions.isEmpty() ? "true" : String.join(" AND ", conditions);
        String pageSql = PostgisSql.page(selectList, layer, where);
        int limit = query.limit();
        int fetch = limit == Integer.MAX_VALUE ? limit : limit + 1;
        boolean cursor = fetch > FETCH_SIZE;
        return withConnection(c -> {
            if (cursor) { // fetched FETCH_SIZE rows at a time: needs a transaction (the pool restores autocommit)
                c.setAutoCommit(false);
            }
            boolean full = false;
            int rows = 0;
            try (PreparedStatement ps = c.prepareStatement(pageSql)) {
                bindAll(ps, args);
                ps.setInt(args.size() + 1, fetch);
                ps.setInt(args.size() + 2, query.offset());
                if (cursor) {
                    ps.setFetchSize(FETCH_SIZE);
                }
                try (ResultSet pooled = ps.executeQuery()) {
                    // the driver's own result set: the pool's wrapper would add a call to each of
                    // the page's column reads (about 9,000 for 420 villages); closing stays with the pool
                    ResultSet rs = pooled.unwrap(ResultSet.class);
                    while (rs.next()) {
                        if (rows == limit) {
                            full = true;
                            break;
                        }
                        sink.add(rs);
                        rows++;
                    }
                }
            }
            if (!full && (rows > 0 || query.offset() == 0)) {
                return (long) query.offset() + rows;
            }
            try (PreparedStatement ps = c.prepareStatement(PostgisSql.count(layer, where))) {
                bindAll(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    // a count taken after rows were deleted never undercuts what this page has shown
                    long counted = rs.getLong(1);
                    return rows == 0 ? counted : Math.max(counted, (long) query.offset() + rows + (full ? 1 : 0));
                }
            }
        });
    }

    @Override
    public Optional<Feature> feature(String collectionId, String featureId, List<String> properties) {
        LayerDef layer = layerOrThrow(collectionId);
        List<FieldDef> fields = fields(layer, properties);
        String sql = PostgisSql.byId(layer, fields);
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, featureId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs, fields, new WKBReader(Crs.LONLAT))) : Optional.empty();
                }
            }
        });
    }

    /** A writer pool of its own beside the read-only one (see {@link PostgisTransactions}). */
    @Override
    public org.xiangtu.store.WorkStore openWork() {
        return new org.xiangtu.store.jdbc.JdbcWorkStore(PostgisTransactions.open(this), PostgisWorkSql.SQL,
                PostgisPhotoSql.SQL);
    }

    @Override
    public void ping() {
        withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(PostgisSql.PING); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return null;
            }
        });
    }

    @Override
    public void close() {
        pool.close();
    }

    private LayerDef layerOrThrow(String id) {
        return catalog.layer(id).orElseThrow(() -> new IllegalArgumentException("no collection " + id));
    }

    private static List<FieldDef> fields(LayerDef layer, List<String> names) {
        return names.stream().filter(n -> !"updated_at".equals(n)).map(n -> layer.field(n).orElseThrow(
                () -> new IllegalArgumentException("no field " + n + " in " + layer.id()))).toList();
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, int index) throws SQLException;
    }

    private static void bindAll(PreparedStatement ps, List<Binder> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            args.get(i).bind(ps, i + 1);
        }
    }

    /** Binds a filter value as its field's column type. */
    static void bind(PreparedStatement ps, int i, FieldType type, Object v) throws SQLException {
        switch (type) {
            case INTEGER -> ps.setLong(i, ((Number) v).longValue());
            case NUMBER -> ps.setDouble(i, ((Number) v).doubleValue());
            case BOOLEAN -> ps.setBoolean(i, (Boolean) v);
            case DATE -> ps.setObject(i, LocalDate.parse(v.toString()));
            case STRING -> ps.setString(i, v.toString());
        }
    }

    /** Columns: 1 id, 2 WKB or null, 3.. fields, then updated_at. */
    private static Feature row(ResultSet rs, List<FieldDef> fields, WKBReader wkb) throws SQLException {
        byte[] bytes = rs.getBytes(2);
        Geometry g = null;
        if (bytes != null) {
            try {
                g = wkb.read(bytes);
                g.setSRID(Crs.CGCS2000);
            } catch (ParseException e) {
                throw new IllegalStateException("bad WKB from PostGIS: " + e.getMessage(), e);
            }
        }
        return new Feature(rs.getString(1), g, properties(rs, fields));
    }

    /** Columns 3.. the fields, then updated_at. */
    private static Map<String, Object> properties(ResultSet rs, List<FieldDef> fields) throws SQLException {
        Map<String, Object> props = new LinkedHashMap<>();
        int i = 3;
        for (FieldDef f : fields) {
            props.put(f.name(), value(rs, i++, f.type()));
        }
        props.put("updated_at", String.valueOf(instant(rs, i)));
        return Collections.unmodifiableMap(props);
    }

    private static Object value(ResultSet rs, int i, FieldType type) throws SQLException {
        Object v = switch (type) {
            case INTEGER -> rs.getLong(i);
            case NUMBER -> rs.getDouble(i);
            case BOOLEAN -> rs.getBoolean(i);
            case DATE -> {
                LocalDate d = rs.getObject(i, LocalDate.class);
                yield d == null ? null : d.toString();
            }
            case STRING -> rs.getString(i);
        };
        return rs.wasNull() ? null : v;
    }

    /** A timestamptz column as an instant to the second (the contract's "…Z" form), or null. */
    private static Instant instant(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(SqlWork<T> work) {
        // autocommit unless page() began a read-only transaction: the pool rolls that back on close
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            if (PostgisConnections.isUnavailable(e)) {
                throw new StoreUnavailableException("the database at " + url.hostPort() + " did not answer: "
                        + PostgisConnections.reason(e), e);
            }
            throw new IllegalStateException("query failed on " + url.hostPort() + ": " + e.getMessage(), e);
        }
    }
}
