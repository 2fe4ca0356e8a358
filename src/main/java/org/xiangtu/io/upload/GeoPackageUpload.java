package org.xiangtu.io.upload;

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
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;
import org.xiangtu.catalog.FieldType;

/**
 * The first feature table of a GeoPackage (a warning names any others), opened read-only with
 * sqlite-jdbc: its columns typed from their declared SQL types, its geometry blobs decoded with JTS
 * {@code WKBReader}, its CRS from {@code gpkg_spatial_ref_sys}.
 *
 * <p>A few kilobytes of SQLite can describe endless work: a "table" that is a view over a recursive query or
 * over {@code printf('%.*c', 100000000, 'x')}, a generated column, a metadata table that is a view. So only
 * base tables are read (the metadata tables too; views and virtual tables are refused), generated columns
 * are left out, no value may be longer than the file itself ({@code SQLITE_LIMIT_LENGTH}), the bytes of the
 * values read count against the unzipped-size limit, extension loading stays off, the schema is not
 * trusted, and a progress handler interrupts SQLite when the budget's deadline has passed (a 413).
 * Triggers cannot fire: the connection is read-only and only reads.
 */
final class GeoPackageUpload {
    private record Column(String name, FieldType type) {
    }

    private GeoPackageUpload() {
    }

    private static final String[] METADATA = {"gpkg_contents", "gpkg_geometry_columns", "gpkg_spatial_ref_sys"};
    /** SQLite virtual machine steps between looks at the clock. */
    private static final int PROGRESS_STEPS = 10_000;

    static RawLayer read(Path file, Budget budget) {
        try (Connection c = open(file, budget)) {
            for (String table : METADATA) {
                baseTable(c, table);
            }
            List<String[]> tables = featureTables(c);
            if (tables.isEmpty()) {
                throw UploadException.bad("file", "the GeoPackage has no feature table");
            }
            String[] t = tables.get(0);
            String name = t[1] == null || t[1].isBlank() ? t[0] : t[1];
            RawLayer layer = new RawLayer("geopackage", name);
            if (tables.size() > 1) {
                layer.warnings.add("the GeoPackage has " + tables.size() + " feature tables; only '" + t[0]
                        + "' was read");
            }
            baseTable(c, t[0]);
            layer.crs = crs(c, Integer.parseInt(t[3]));
            rows(c, t[0], t[2], layer, budget);
            return layer;
        } catch (SQLException e) {
            budget.time();
            throw new UploadException(400, "file", "not a readable GeoPackage: " + plainWords(e), e);
        }
    }

    /**
     * A read-only connection that loads no extension, distrusts the schema, holds no value longer than the
     * file, and is interrupted once the budget's time is up.
     */
    static Connection open(Path file, Budget budget) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.enableLoadExtension(false);
        SQLiteConnection c = (SQLiteConnection) config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            long size = Files.size(file);
            c.setLimit(SQLiteLimits.SQLITE_LIMIT_LENGTH, (int) Math.min(Integer.MAX_VALUE, Math.max(size, 1 << 20)));
            try (Statement s = c.createStatement()) {
                s.execute(GeoPackageSql.DISTRUST_SCHEMA);
            }
            ProgressHandler.setHandler(c, PROGRESS_STEPS, new ProgressHandler() {
                @Override
                protected int progress() {
                    return budget.isOverTime() ? 1 : 0;
                }
            });
            return c;
        } catch (SQLException | IOException | RuntimeException e) {
            c.close();
            throw e instanceof SQLException s ? s : new SQLException("cannot set up the connection", e);
        }
    }

    /** Refuses (400) a name that is not a base table: a view, a virtual table, or nothing. */
    private static void baseTable(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(GeoPackageSql.SCHEMA_OBJECT)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                String type = rs.next() ? rs.getString(1) : null;
                String sql = type == null ? "" : rs.getString(2);
                if (type == null) {
                    throw UploadException.bad("file", "the GeoPackage has no table '" + table + "'");
                }
                if (!type.equals("table") || sql == null
                        || sql.stripLeading().toUpperCase(Locale.ROOT).startsWith("CREATE VIRTUAL")) {
                    throw UploadException.bad("file", "'" + table + "' in the GeoPackage is a "
                            + (type.equals("table") ? "virtual table" : type) + "; only plain tables are read");
                }
            }
        }
    }

    private static List<String[]> featureTables(Connection c) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(GeoPackageSql.FEATURE_TABLES)) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        return out;
    }

    private static SourceCrs crs(Connection c, int srsId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(GeoPackageSql.SPATIAL_REF)) {
            ps.setInt(1, srsId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || srsId <= 0) {
                    return null;
                }
                if ("EPSG".equalsIgnoreCase(rs.getString(1))) {
                    return SourceCrs.of(rs.getInt(2), "file");
                }
                return SourceCrs.fromPrj(rs.getString(3));
            }
        }
    }

    private static void rows(Connection c, String table, String geomColumn, RawLayer layer, Budget budget)
            throws SQLException {
        List<Column> columns = new ArrayList<>();
        String geom = null;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(GeoPackageSql.tableInfo(table))) {
            while (rs.next()) {
                String name = rs.getString("name");
                boolean pk = rs.getInt("pk") > 0;
                if (rs.getInt("hidden") != 0) {
                    layer.warnings.add("column '" + name + "' is computed, not stored; it was left out");
                } else if (name.equalsIgnoreCase(geomColumn)) {
                    geom = name;
                } else if (!pk) {
                    FieldType type = type(rs.getString("type"));
                    if (type == null) {
                        layer.warnings.add("column '" + name + "' (" + rs.getString("type") + ") was left out");
                    } else {
                        columns.add(new Column(name, type));
                        layer.fields.add(new UploadField(name, type));
                    }
                }
            }
        }
        if (geom == null) {
            throw UploadException.bad("file", "the geometry column '" + geomColumn + "' is not a stored column of '"
                    + table + "'");
        }
        List<String> names = new ArrayList<>(List.of(geom));
        columns.forEach(col -> names.add(col.name));
        WKBReader wkb = new WKBReader(RawLayer.SOURCE);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(GeoPackageSql.select(table, names))) {
            while (rs.next()) {
                budget.feature();
                byte[] blob = rs.getBytes(1);
                budget.bytes(blob == null ? 0 : blob.length);
                Geometry g = geometry(blob, wkb);
                if (g != null) {
                    budget.vertices(g.getNumPoints());
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    values.put(columns.get(i).name, value(rs, i + 2, columns.get(i), budget));
                }
                layer.rows.add(new RawLayer.Row(g, values));
            }
        }
    }

    private static Object value(ResultSet rs, int index, Column col, Budget budget) throws SQLException {
        Object v = rs.getObject(index);
        if (v == null) {
            return null;
        }
        budget.bytes(v instanceof byte[] b ? b.length : v instanceof String str ? str.length() : 8);
        return switch (col.type) {
            case INTEGER -> v instanceof Number n ? n.longValue() : parseOrNull(v.toString(), true);
            case NUMBER -> v instanceof Number n ? n.doubleValue() : parseOrNull(v.toString(), false);
            case BOOLEAN -> v instanceof Number n ? n.intValue() != 0 : TypeGuess.bool(v.toString());
            case DATE -> TypeGuess.isDate(v.toString()) ? v.toString() : null;
            case STRING -> v.toString();
        };
    }

    private static Object parseOrNull(String s, boolean integer) {
        try {
            return integer ? Long.parseLong(s.strip()) : Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** GeoPackage column types (GeoPackage 1.4 table 1) and SQLite affinities. Null for BLOB. */
    private static FieldType type(String declared) {
        String t = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
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

    /** Decodes the GeoPackage geometry header ("GP", version, flags, srs id, envelope) and the WKB after it. */
    static Geometry geometry(byte[] blob, WKBReader wkb) {
        if (blob == null) {
            return null;
        }
        if (blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            throw UploadException.bad("file", "a geometry is not a GeoPackage geometry blob");
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
            throw UploadException.bad("file", "a geometry has a damaged GeoPackage header");
        }
        byte[] body = new byte[blob.length - 8 - envelope];
        System.arraycopy(blob, 8 + envelope, body, 0, body.length);
        try {
            return wkb.read(body);
        } catch (ParseException | RuntimeException e) {
            throw UploadException.bad("file", "a geometry has damaged WKB");
        }
    }

    /** What an SQLite error means for the person who uploaded the file, without SQLite's own message. */
    static String plainWords(SQLException e) {
        int code = e.getErrorCode() & 0xff; // the primary result code
        return switch (code) {
            case 26 -> "it is not an SQLite database"; // SQLITE_NOTADB
            case 11 -> "the file is damaged"; // SQLITE_CORRUPT
            case 9 -> "reading it took too long"; // SQLITE_INTERRUPT
            case 7 -> "it needs more memory than an upload may use"; // SQLITE_NOMEM
            case 1 -> "a table or column the GeoPackage standard requires is missing or malformed"; // SQLITE_ERROR
            default -> "SQLite cannot read it (result code " + code + ")";
        };
    }
}
