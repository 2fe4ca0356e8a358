package org.xiangtu.store.geopackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;

/**
 * The one GeoPackage reader, for any GeoPackage file (one {@code import --gpkg} wrote, one a planner
 * uploaded): lists its tables and columns and streams a table's rows as a {@link FeatureSource} of raw
 * features (geometry decoded from the GeoPackage blob, values as SQLite holds them), for the
 * catalogue's checks or an upload's repairs ({@code io/}) to take on.
 *
 * <p>The file is opened read-only and distrusted: a few kilobytes of SQLite can describe endless work
 * (a "table" that is a view over a recursive query or over {@code printf('%.*c', 100000000, 'x')}, a
 * generated column, a metadata table that is a view). So extension loading stays off, the schema is
 * not trusted, no value may be longer than the file itself ({@code SQLITE_LIMIT_LENGTH}), and, when
 * asked, a progress handler interrupts SQLite once a deadline has passed. {@link #requireBaseTable}
 * refuses views and virtual tables; generated columns are marked ({@link Column#hidden()}) so the
 * caller can leave them out. Triggers cannot fire: the connection is read-only and only reads.
 *
 * <p>Errors are {@link Unreadable} (SQLite could not read the file: its message and the same in plain
 * words), {@link NotATable} and, while rows are read, {@link BadGeometry}. Not thread-safe.
 */
public final class GeoPackageReader implements AutoCloseable {
    /** SQLite virtual machine steps between looks at the clock. */
    private static final int PROGRESS_STEPS = 10_000;

    /**
     * One row of {@code gpkg_contents}, in the order the tables were registered.
     *
     * @param dataType {@code features}, {@code attributes}, …
     * @param geometryColumn for a feature table, its geometry column (when asked for); else null
     * @param srsId for a feature table, its geometry column's SRS id (when asked for); else 0
     */
    public record Table(String name, String dataType, String identifier, String geometryColumn, int srsId) {
        public boolean isFeatures() {
            return "features".equals(dataType);
        }
    }

    /**
     * One column of a table, in table order.
     *
     * @param declaredType the SQL type as declared ({@code TEXT}, {@code INTEGER}, {@code POINT}, …)
     * @param hidden whether it is generated (computed, not stored): never to be read
     */
    public record Column(String name, String declaredType, boolean primaryKey, boolean hidden) {
        /** The field type of a GeoPackage column type (GeoPackage 1.4 table 1) or SQLite affinity; null for BLOB. */
        public FieldType fieldType() {
            String t = declaredType == null ? "" : declaredType.toUpperCase(Locale.ROOT);
            if (t.equals("BOOLEAN")) {
                return FieldType.BOOLEAN;
            }
            if (t.contains("INT")) {
                return FieldType.INTEGER;
            }
            if (t.equals("REAL") || t.equals("FLOAT") || t.equals("DOUBLE") || t.startsWith("NUMERIC")) {
                return FieldType.NUMBER;
            }
            if (t.equals("DATE")) {
                return FieldType.DATE;
            }
            if (t.equals("BLOB")) {
                return null;
            }
            return FieldType.STRING;
        }
    }

    /** A spatial reference system as {@code gpkg_spatial_ref_sys} has it. */
    public record Srs(int id, String organization, int organizationCode, String definition) {
    }

    private final Path file;
    private final Connection c;

    private GeoPackageReader(Path file, Connection c) {
        this.file = file;
        this.c = c;
    }

    /**
     * Opens {@code file} read-only and distrusted.
     *
     * @param stop asked now and then while SQLite works; once it says true, SQLite is interrupted (the
     *        call fails with {@link Unreadable}); null for no deadline
     * @throws Unreadable when SQLite cannot open the file
     */
    public static GeoPackageReader open(Path file, BooleanSupplier stop) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.enableLoadExtension(false);
        SQLiteConnection c;
        try {
            c = (SQLiteConnection) config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new Unreadable(e);
        }
        try {
            long size = Files.size(file);
            c.setLimit(SQLiteLimits.SQLITE_LIMIT_LENGTH, (int) Math.min(Integer.MAX_VALUE, Math.max(size, 1 << 20)));
            try (Statement s = c.createStatement()) {
                s.execute(GeoPackageSql.DISTRUST_SCHEMA);
            }
            if (stop != null) {
                ProgressHandler.setHandler(c, PROGRESS_STEPS, new ProgressHandler() {
                    @Override
                    protected int progress() {
                        return stop.getAsBoolean() ? 1 : 0;
                    }
                });
            }
            return new GeoPackageReader(file, c);
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new Unreadable(e instanceof SQLException s ? s : new SQLException("cannot set up the connection", e));
        }
    }

    /** The connection, for tests in this package. */
    Connection connection() {
        return c;
    }

    /** Every row of {@code gpkg_contents}, in the order the tables were registered (no geometry column named). */
    public List<Table> tables() {
        return query(GeoPackageSql.CONTENTS, null,
                rs -> new Table(rs.getString(1), rs.getString(2), rs.getString(3), null, 0));
    }

    /** The table's geometry column and its SRS id from {@code gpkg_geometry_columns}; empty when it has none. */
    public Optional<Table> geometryColumn(String table) {
        return query(GeoPackageSql.GEOMETRY_COLUMN, table,
                rs -> new Table(table, "features", null, rs.getString(1), rs.getInt(2))).stream().findFirst();
    }

    /** The feature tables, in the order they were registered. */
    public List<Table> featureTables() {
        return query(GeoPackageSql.FEATURE_TABLES, null,
                rs -> new Table(rs.getString(1), "features", rs.getString(2), rs.getString(3), rs.getInt(4)));
    }

    /** One row of a result. */
    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** The rows of {@code sql}, with {@code parameter} bound when not null. */
    private <T> List<T> query(String sql, Object parameter, RowMapper<T> mapper) {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setObject(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
        } catch (SQLException e) {
            throw new Unreadable(e);
        }
        return out;
    }

    /** Refuses a name that is not a base table: a view, a virtual table, or nothing ({@link NotATable}). */
    public void requireBaseTable(String table) {
        try (PreparedStatement ps = c.prepareStatement(GeoPackageSql.SCHEMA_OBJECT)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                String type = rs.next() ? rs.getString(1) : null;
                String sql = type == null ? "" : rs.getString(2);
                if (type == null) {
                    throw new NotATable(table, null);
                }
                if (!type.equals("table") || sql == null
                        || sql.stripLeading().toUpperCase(Locale.ROOT).startsWith("CREATE VIRTUAL")) {
                    throw new NotATable(table, type.equals("table") ? "virtual table" : type);
                }
            }
        } catch (SQLException e) {
            throw new Unreadable(e);
        }
    }

    /** The table's columns, generated ones included (and marked). */
    public List<Column> columns(String table) {
        return query(GeoPackageSql.tableInfo(table), null, rs -> new Column(rs.getString("name"), rs.getString("type"),
                rs.getInt("pk") > 0, rs.getInt("hidden") != 0));
    }

    /** The SRS with {@code srsId}; null when the file has none (or the id is 0 or -1, "undefined"). */
    public Srs srs(int srsId) {
        if (srsId <= 0) {
            return null;
        }
        return query(GeoPackageSql.SPATIAL_REF, srsId,
                rs -> new Srs(srsId, rs.getString(1), rs.getInt(2), rs.getString(3))).stream().findFirst().orElse(null);
    }

    /**
     * The rows of {@code table} in rowid order, as raw features: no id (an id column is one of the
     * {@code columns}), the geometry decoded from {@code geometryColumn} (null when that is null or
     * the row's blob is NULL), the {@code columns}' values by name as SQLite returns them (String,
     * Integer, Long, Double, byte[] or null). A blob that is not a GeoPackage geometry is a
     * {@link BadGeometry} from {@code hasNext()}. Closing the source does not close this reader
     * (unless {@link Rows#closingReader}).
     *
     * @param factory makes the geometries (its SRID is the one they get)
     * @param kind and {@code fields}: what {@link FeatureSource#geometryKind()} and {@link FeatureSource#fields()} say
     */
    public Rows rows(String table, String geometryColumn, List<String> columns, GeometryFactory factory,
            GeometryKind kind, List<FeatureSource.Field> fields) {
        List<String> names = new ArrayList<>();
        if (geometryColumn != null) {
            names.add(geometryColumn);
        }
        names.addAll(columns);
        try {
            Statement st = c.createStatement();
            try {
                ResultSet rs = st.executeQuery(GeoPackageSql.select(table, names));
                return new Rows(file + ": table '" + table + "'", st, rs, geometryColumn != null, columns,
                        new WKBReader(factory), kind, fields);
            } catch (SQLException | RuntimeException e) {
                st.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new Unreadable(e);
        }
    }

    @Override
    public void close() {
        try {
            c.close();
        } catch (SQLException e) {
            // a read-only connection: nothing is lost
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }

    /** A table's rows, read ahead one at a time. */
    public static final class Rows extends FeatureSource.ReadAhead {
        private final Statement st;
        private final ResultSet rs;
        private final boolean spatial;
        private final String[] columns;
        private final WKBReader wkb;
        private long row;
        private int geometryBytes;
        private GeoPackageReader owner;

        private Rows(String source, Statement st, ResultSet rs, boolean spatial, List<String> columns, WKBReader wkb,
                GeometryKind kind, List<Field> fields) {
            super(source, kind, fields);
            this.st = st;
            this.rs = rs;
            this.spatial = spatial;
            this.columns = columns.toArray(String[]::new);
            this.wkb = wkb;
        }

        /** Makes closing these rows close the reader too (the rows are then all a caller holds of the file). */
        public Rows closingReader(GeoPackageReader reader) {
            this.owner = reader;
            return this;
        }

        /** 1 for the first row read, and so on. */
        public long row() {
            return row;
        }

        /** The size of the last row's geometry blob (0 when NULL). */
        public int geometryBytes() {
            return geometryBytes;
        }

        @Override
        protected Feature read() {
            try {
                if (!rs.next()) {
                    return null;
                }
                row++;
                int i = 1;
                byte[] blob = spatial ? rs.getBytes(i++) : null;
                geometryBytes = blob == null ? 0 : blob.length;
                Map<String, Object> values = new LinkedHashMap<>();
                for (String name : columns) {
                    values.put(name, rs.getObject(i++));
                }
                try {
                    return new Feature(null, geometry(blob, wkb), values);
                } catch (BadGeometry e) {
                    throw new BadGeometry(e.problem(), e.detail(), row, values, e);
                }
            } catch (SQLException e) {
                throw new Unreadable(e);
            }
        }

        @Override
        protected void release() {
            try {
                st.close(); // closes the result set
            } catch (SQLException e) {
                // read-only: nothing is lost
            }
            if (owner != null) {
                owner.close();
            }
        }
    }

    /**
     * Decodes a GeoPackage geometry blob (GeoPackage 1.4 §2.1.3): the header ("GP", version, flags,
     * SRS id, optional envelope), then the WKB after it; null for null.
     */
    static Geometry geometry(byte[] blob, WKBReader wkb) {
        if (blob == null) {
            return null;
        }
        if (blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            throw new BadGeometry(BadGeometry.Problem.NOT_A_BLOB, null);
        }
        int flags = blob[3];
        int envelope = switch ((flags >> 1) & 7) {
            case 0 -> 0;
            case 1 -> 32;
            case 2, 3 -> 48;
            case 4 -> 64;
            default -> -1;
        };
        if (envelope < 0 || blob.length < 8 + envelope) {
            throw new BadGeometry(BadGeometry.Problem.BAD_HEADER, null);
        }
        byte[] body = new byte[blob.length - 8 - envelope];
        System.arraycopy(blob, 8 + envelope, body, 0, body.length);
        try {
            return wkb.read(body);
        } catch (ParseException | RuntimeException e) {
            throw new BadGeometry(BadGeometry.Problem.BAD_WKB, e.getMessage());
        }
    }

    /** SQLite could not read the file (or was interrupted). */
    public static final class Unreadable extends RuntimeException {
        private final int resultCode;

        Unreadable(SQLException e) {
            super(e.getMessage(), e);
            this.resultCode = e.getErrorCode() & 0xff; // the primary result code
        }

        /** What the error means for the person who gave the file, without SQLite's own message. */
        public String plainWords() {
            return switch (resultCode) {
                case 26 -> "it is not an SQLite database"; // SQLITE_NOTADB
                case 11 -> "the file is damaged"; // SQLITE_CORRUPT
                case 9 -> "reading it took too long"; // SQLITE_INTERRUPT
                case 7 -> "it needs more memory than an upload may use"; // SQLITE_NOMEM
                case 1 -> "a table or column the GeoPackage standard requires is missing or malformed"; // SQLITE_ERROR
                default -> "SQLite cannot read it (result code " + resultCode + ")";
            };
        }
    }

    /** A name that is not a base table. */
    public static final class NotATable extends RuntimeException {
        private final String table;
        private final String kind;

        NotATable(String table, String kind) {
            super(kind == null ? "no table '" + table + "'" : "'" + table + "' is a " + kind);
            this.table = table;
            this.kind = kind;
        }

        public String table() {
            return table;
        }

        /** {@code view}, {@code virtual table}, …; null when there is no such name at all. */
        public String kind() {
            return kind;
        }
    }

    /** A geometry blob that cannot be decoded. */
    public static final class BadGeometry extends RuntimeException {
        /** What is wrong with it. */
        public enum Problem { NOT_A_BLOB, BAD_HEADER, BAD_WKB }

        private final Problem problem;
        private final String detail;
        private final long row;
        private final Map<String, Object> values;

        BadGeometry(Problem problem, String detail) {
            this(problem, detail, 0, Map.of(), null);
        }

        BadGeometry(Problem problem, String detail, long row, Map<String, Object> values, Throwable cause) {
            super(problem + (detail == null ? "" : ": " + detail), cause);
            this.problem = problem;
            this.detail = detail;
            this.row = row;
            this.values = values;
        }

        public Problem problem() {
            return problem;
        }

        /** The WKB reader's message, for {@code BAD_WKB}; else null. */
        public String detail() {
            return detail;
        }

        /** The row (1 for the first one read). */
        public long row() {
            return row;
        }

        /** The row's other values, by column name (to name the feature). */
        public Map<String, Object> values() {
            return values;
        }
    }
}
