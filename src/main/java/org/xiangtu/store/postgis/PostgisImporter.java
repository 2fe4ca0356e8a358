package org.xiangtu.store.postgis;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.DataException;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;

/**
 * Loads layers into PostGIS in one transaction. Each layer's {@link FeatureSource} (a GeoJSON or
 * GeoPackage file read and checked as it goes, or a list) is streamed straight into {@code COPY}
 * (binary format, geometry as EWKB, so coordinates arrive bit-exact: {@link BinaryRows}); no file is
 * ever whole in memory. Per layer, the rows go into a fresh table that is swapped in for the old one
 * just before the commit ({@link TableSwap}: indexes built once after the load, no DELETE, no dead
 * rows), or, for a table a swap could not carry over faithfully, replace the old rows in place
 * (DELETE, then COPY with the indexes kept). Each loaded table is analysed before the commit, so the
 * planner's statistics arrive with the rows.
 *
 * <p>All or nothing, idempotent: on any error (a refused feature while reading, a row the database
 * refuses, a duplicate id found by the primary key) the COPY is cancelled, the transaction rolls
 * back, and the database is as before; importing the same data twice leaves the same rows. DDL is
 * transactional in PostgreSQL, so a rollback also drops the fresh tables.
 *
 * <p>Readers are not blocked while the rows load: the import's lock (EXCLUSIVE, which also makes
 * edits and concurrent imports wait) lets them read the old rows; only the swap takes ACCESS
 * EXCLUSIVE, for the moment between it and the commit. Measured in bench/README.md ("Import").
 */
public final class PostgisImporter {
    private static final Logger LOG = LoggerFactory.getLogger(PostgisImporter.class);
    private static final Pattern COPY_WHERE = Pattern.compile("line (\\d+)(?:, column ([a-z0-9_]+))?");
    private static final Pattern DUPLICATE = Pattern.compile("Key \\(id\\)=\\((.*)\\) is duplicated\\.");
    /**
     * Readers may go on (ACCESS SHARE); writers and row locks ({@code SELECT … FOR UPDATE}) wait for
     * the import, so neither the swap nor its in-place fallback can meet a row lock (a deadlock).
     */
    static final String LOCK = "LOCK TABLE %s IN EXCLUSIVE MODE";
    static final String NO_STATEMENT_TIMEOUT = "SET LOCAL statement_timeout = 0";
    /**
     * What an import did.
     *
     * @param inPlace the layers whose rows were replaced in their old table, not swapped in, and why
     */
    public record Result(int layers, long features, long millis, Map<String, String> inPlace) {
    }

    private PostgisImporter() {
    }

    /**
     * Migrates the schema, then replaces the given layers' rows in one transaction.
     *
     * @param layers layer id → its features (a catalogue layer not in the map is left as it is)
     * @param sources layer id → the file its features came from, to name it in errors
     * @throws org.xiangtu.store.StoreUnavailableException when the database cannot be reached
     * @throws DataException naming the file, the feature and the field when a row is refused
     */
    public static Result importAll(DatabaseUrl url, Catalog catalog, Map<String, List<Feature>> layers,
            Map<String, String> sources, int connectTimeoutMs) {
        return importSources(url, catalog, sources(catalog, layers, sources), connectTimeoutMs);
    }

    /**
     * Migrates the schema, then replaces the given layers' rows in one transaction, reading each
     * source while its rows go to the database (a file is read once, and is never whole in memory).
     * Every source is closed, read or not.
     *
     * @param layers layer id → its features, checked against the catalogue (a catalogue layer not in
     *        the map is left as it is)
     * @throws org.xiangtu.store.StoreUnavailableException when the database cannot be reached
     * @throws DataException naming the file, the feature and the field when a feature or row is refused
     */
    public static Result importSources(DatabaseUrl url, Catalog catalog, Map<String, FeatureSource> layers,
            int connectTimeoutMs) {
        try {
            return importOpen(url, catalog, layers, connectTimeoutMs);
        } finally {
            layers.values().forEach(FeatureSource::close);
        }
    }

    private static Result importOpen(DatabaseUrl url, Catalog catalog, Map<String, FeatureSource> layers,
            int connectTimeoutMs) {
        var ds = PostgisConnections.simple(url, connectTimeoutMs);
        try (Connection probe = PostgisConnections.connect(url, ds)) {
            LOG.debug("connected to {}", url);
        } catch (SQLException e) {
            throw PostgisConnections.unreachable(url, e);
        }
        PostgisSchema.migrate(ds);
        try (Connection c = PostgisConnections.connect(url, ds)) {
            return load(c, catalog, layers);
        } catch (SQLException e) {
            throw new DataException("import into " + url.hostPort() + " failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, FeatureSource> sources(Catalog catalog, Map<String, List<Feature>> layers,
            Map<String, String> sources) {
        Map<String, FeatureSource> out = new LinkedHashMap<>();
        // a layer the catalogue does not have is left out, as the load would skip it
        layers.forEach((id, features) -> catalog.layer(id).ifPresent(layer -> out.put(id,
                FeatureSource.of(sources.getOrDefault(id, id), layer, features))));
        return out;
    }

    /** Replaces the given layers' rows in one transaction on {@code c}; the schema must fit the catalogue. */
    static Result load(Connection c, Catalog catalog, Map<String, List<Feature>> layers, Map<String, String> sources)
            throws SQLException {
        return load(c, catalog, sources(catalog, layers, sources));
    }

    /**
     * Replaces the given layers' rows in one transaction on {@code c}; the schema must fit the
     * catalogue. Each source is closed once read.
     */
    static Result load(Connection c, Catalog catalog, Map<String, FeatureSource> layers) throws SQLException {
        return load(c, catalog, layers, Replace.SWAP);
    }

    /** How a layer's rows are replaced. */
    enum Replace {
        /** {@code DELETE}, then {@code COPY} into the table, its indexes updated row by row. */
        IN_PLACE,
        /** {@code COPY} into a fresh table swapped in before the commit ({@link TableSwap}); in place when the table is not plain. */
        SWAP
    }

    static Result load(Connection c, Catalog catalog, Map<String, FeatureSource> layers, Replace replace)
            throws SQLException {
        long start = System.nanoTime();
        List<String> problems = PostgisSchema.check(c, catalog, false);
        if (!problems.isEmpty()) {
            throw new DataException("the database does not fit the catalogue: " + String.join("; ", problems));
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        long total = 0;
        int count = 0;
        Map<String, String> inPlaceWhy = new LinkedHashMap<>();
        try {
            try (Statement st = c.createStatement()) {
                st.execute(NO_STATEMENT_TIMEOUT);
                for (LayerDef layer : catalog.layers()) {
                    if (layers.containsKey(layer.id())) {
                        st.execute(String.format(LOCK, PostgisSql.q(layer.id())));
                    }
                }
            }
            List<TableSwap> swaps = new ArrayList<>();
            String prefix = replace == Replace.SWAP ? TableSwap.prefix(c) : null;
            for (LayerDef layer : catalog.layers()) {
                FeatureSource input = layers.get(layer.id());
                if (input == null) {
                    continue;
                }
                String inPlace = replace == Replace.IN_PLACE ? "asked for" : TableSwap.whyNot(c, layer);
                String table;
                if (inPlace == null) {
                    TableSwap swap = TableSwap.create(c, layer, prefix, swaps.size());
                    table = swap.table();
                    total += copy(c, layer, input, PostgisSql.copyIn(layer, table, true), swap::describe);
                    try {
                        swap.build(c);
                    } catch (SQLException e) {
                        throw named(input.source(), e, swap::describe);
                    }
                    swaps.add(swap);
                } else {
                    LOG.info("{}: rows replaced in place ({})", layer.id(), inPlace);
                    inPlaceWhy.put(layer.id(), inPlace);
                    table = PostgisSql.q(layer.id());
                    try (Statement st = c.createStatement()) {
                        st.executeUpdate(PostgisSql.deleteAll(layer));
                    }
                    total += copy(c, layer, input, PostgisSql.copyIn(layer, table, false), UnaryOperator.identity());
                }
                try (Statement st = c.createStatement()) {
                    st.execute(String.format(PostgisSql.ANALYZE, table)); // the planner's statistics come with the commit
                }
                count++;
            }
            String gaveWay = TableSwap.swapAll(c, swaps);
            if (gaveWay != null) {
                LOG.info("{}: not swapped ({}): rows moved in place", swaps.stream().map(TableSwap::layer).toList(), gaveWay);
                swaps.forEach(swap -> inPlaceWhy.put(swap.layer(), gaveWay));
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
            layers.values().forEach(FeatureSource::close);
        }
        return new Result(count, total, (System.nanoTime() - start) / 1_000_000, Map.copyOf(inPlaceWhy));
    }

    /** An error building a loaded table's indexes, named by its file (and feature, for a duplicate id). */
    private static SQLException named(String source, SQLException e, UnaryOperator<String> names) {
        String message = e.getMessage();
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            String detail = p.getServerErrorMessage().getDetail();
            Matcher m = detail == null ? null : DUPLICATE.matcher(detail);
            message = m != null && m.matches() ? "feature '" + m.group(1) + "': duplicate id"
                    : p.getServerErrorMessage().getMessage() + (detail == null ? "" : " (" + detail + ")");
        }
        return new SQLException(source + ": " + names.apply(message), e.getSQLState(), e);
    }

    /**
     * Streams the input's features into {@code sql}'s COPY; on any error the COPY is cancelled.
     * {@code names} puts the layer's names for a fresh table's in a database message.
     */
    private static long copy(Connection c, LayerDef layer, FeatureSource input, String sql, UnaryOperator<String> names)
            throws SQLException {
        List<String> ids = new ArrayList<>(); // COPY names a refused row by its number
        PGCopyOutputStream out = new PGCopyOutputStream(c.unwrap(PGConnection.class), sql, 1 << 16);
        BinaryRows rows = new BinaryRows(out, layer);
        try (input) {
            rows.header();
            while (input.hasNext()) {
                Feature f = input.next();
                ids.add(f.id());
                rows.write(f);
            }
            rows.trailer();
            out.close();
            return ids.size();
        } catch (UncheckedIOException e) {
            cancel(out);
            throw copyError(ids, input.source(), e.getCause(), names);
        } catch (IOException e) {
            cancel(out);
            throw copyError(ids, input.source(), e, names);
        } catch (RuntimeException e) {
            cancel(out);
            throw e;
        }
    }

    private static void cancel(PGCopyOutputStream out) {
        try {
            if (out.isActive()) {
                out.cancelCopy();
            }
        } catch (SQLException e) {
            LOG.debug("cancelling COPY: {}", e.getMessage());
        }
    }

    /**
     * Rows in COPY's binary format (PostgreSQL docs, "COPY", binary format): a signature, then per
     * row the field count and each field as length + the type's binary form: text as UTF-8, the
     * geometry as EWKB with its SRID (what PostGIS's binary input reads), bigint and double as 8
     * bytes big-endian, boolean as 1 byte, date as days and timestamptz as microseconds since
     * 2000-01-01 (UTC). Nothing is escaped, hex-encoded or parsed again on either side.
     */
    static final class BinaryRows {
        private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
        /** 2000-01-01, PostgreSQL's epoch, in days and seconds since 1970-01-01. */
        private static final long PG_EPOCH_DAYS = 10_957;
        private static final long PG_EPOCH_SECONDS = PG_EPOCH_DAYS * 86_400;

        private final OutputStream out;
        private final LayerDef layer;
        private final FieldDef[] fields;
        private final short columns;
        private final WKBWriter wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN, true);
        private final byte[] buf = new byte[1 << 16];
        private int len;
        /** Rows of one file share dates and timestamps: the last text seen and its binary value. */
        private String lastStamp;
        private long lastStampMicros;
        private String lastDate;
        private int lastDateDays;

        BinaryRows(OutputStream out, LayerDef layer) {
            this.out = out;
            this.layer = layer;
            this.fields = layer.fields().toArray(FieldDef[]::new);
            this.columns = (short) PostgisSql.columns(layer).size();
        }

        void header() throws IOException {
            put(SIGNATURE, SIGNATURE.length);
            int32(0); // flags
            int32(0); // header extension length
        }

        void trailer() throws IOException {
            int16(-1);
            flush();
        }

        /** One row: id, geometry (spatial layers), the fields in catalogue order, updated_at. */
        void write(Feature f) throws IOException {
            int16(columns);
            text(f.id());
            if (layer.isSpatial()) {
                Geometry g = f.geometry();
                if (g == null) {
                    int32(-1);
                } else {
                    if (g.getSRID() != Crs.CGCS2000) {
                        g = g.copy();
                        g.setSRID(Crs.CGCS2000);
                    }
                    byte[] ewkb = wkb.write(g);
                    int32(ewkb.length);
                    put(ewkb, ewkb.length);
                }
            }
            for (FieldDef field : fields) {
                Object v = f.properties().get(field.name());
                if (v == null) {
                    int32(-1);
                    continue;
                }
                try {
                    value(field, v);
                } catch (ClassCastException | DateTimeException e) {
                    // values come checked (FeatureChecks); anything else is named, not stored wrongly
                    throw new DataException("feature '" + f.id() + "': field '" + field.name() + "': cannot store "
                            + v + " as " + field.type().name().toLowerCase(java.util.Locale.ROOT));
                }
            }
            String stamp = String.valueOf(f.properties().get("updated_at"));
            if (!stamp.equals(lastStamp)) {
                Instant t;
                try {
                    t = Instant.parse(stamp);
                } catch (DateTimeException e) {
                    throw new DataException("feature '" + f.id() + "': field 'updated_at': not a UTC timestamp: " + stamp);
                }
                lastStampMicros = Math.addExact(Math.multiplyExact(t.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L),
                        t.getNano() / 1_000);
                lastStamp = stamp;
            }
            int32(8);
            int64(lastStampMicros);
        }

        /** One non-null field value in its binary form (the values {@code FeatureChecks} returns). */
        private void value(FieldDef field, Object v) throws IOException {
            switch (field.type()) {
                case STRING -> text(v.toString());
                case INTEGER -> {
                    int32(8);
                    int64(((Number) v).longValue());
                }
                case NUMBER -> {
                    int32(8);
                    int64(Double.doubleToRawLongBits(((Number) v).doubleValue()));
                }
                case BOOLEAN -> {
                    int32(1);
                    room(1);
                    buf[len++] = (byte) (((Boolean) v) ? 1 : 0);
                }
                case DATE -> {
                    String d = v.toString();
                    if (!d.equals(lastDate)) {
                        lastDateDays = (int) (LocalDate.parse(d).toEpochDay() - PG_EPOCH_DAYS);
                        lastDate = d;
                    }
                    int32(4);
                    int32(lastDateDays);
                }
            }
        }

        private void text(String s) throws IOException {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            int32(utf8.length);
            put(utf8, utf8.length);
        }

        private void int16(int v) throws IOException {
            room(2);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        private void int32(int v) throws IOException {
            room(4);
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        private void int64(long v) throws IOException {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        private void put(byte[] bytes, int n) throws IOException {
            if (n > buf.length) {
                flush();
                out.write(bytes, 0, n);
                return;
            }
            room(n);
            System.arraycopy(bytes, 0, buf, len, n);
            len += n;
        }

        private void room(int n) throws IOException {
            if (len + n > buf.length) {
                flush();
            }
        }

        private void flush() throws IOException {
            out.write(buf, 0, len);
            len = 0;
        }
    }

    /** A refused row, named by file, feature and field (COPY reports the line and column). */
    private static SQLException copyError(List<String> ids, String source, IOException e, UnaryOperator<String> names) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        String where = null;
        if (cause instanceof PSQLException p && p.getServerErrorMessage() != null) {
            message = p.getServerErrorMessage().getMessage();
            where = p.getServerErrorMessage().getWhere();
            if (p.getServerErrorMessage().getDetail() != null) {
                message += " (" + p.getServerErrorMessage().getDetail() + ")";
            }
        }
        StringBuilder sb = new StringBuilder(source).append(": ");
        Matcher m = where == null ? null : COPY_WHERE.matcher(where);
        if (m != null && m.find()) {
            int line = Integer.parseInt(m.group(1));
            if (line >= 1 && line <= ids.size()) {
                sb.append("feature '").append(ids.get(line - 1)).append("': ");
            }
            if (m.group(2) != null) {
                sb.append("field '").append(m.group(2)).append("': ");
            }
        }
        sb.append(names.apply(message));
        return new SQLException(sb.toString(), cause instanceof SQLException s ? s.getSQLState() : null, cause);
    }
}
