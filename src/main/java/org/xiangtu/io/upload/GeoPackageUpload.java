package org.xiangtu.io.upload;

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
import org.sqlite.SQLiteConfig;
import org.xiangtu.catalog.FieldType;

/**
 * The first feature table of a GeoPackage (a warning names any others), opened read-only with
 * sqlite-jdbc: its columns typed from their declared SQL types, its geometry blobs decoded with JTS
 * {@code WKBReader}, its CRS from {@code gpkg_spatial_ref_sys}.
 */
final class GeoPackageUpload {
    private record Column(String name, FieldType type) {
    }

    private GeoPackageUpload() {
    }

    static RawLayer read(Path file, Budget budget) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
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
            layer.crs = crs(c, Integer.parseInt(t[3]));
            rows(c, t[0], t[2], layer, budget);
            return layer;
        } catch (SQLException e) {
            throw new UploadException(400, "file", "not a readable GeoPackage: " + e.getMessage(), e);
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
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(GeoPackageSql.tableInfo(table))) {
            while (rs.next()) {
                String name = rs.getString("name");
                boolean pk = rs.getInt("pk") > 0;
                if (!pk && !name.equalsIgnoreCase(geomColumn)) {
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
        WKBReader wkb = new WKBReader(RawLayer.SOURCE);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(GeoPackageSql.selectAll(table))) {
            while (rs.next()) {
                budget.feature();
                Geometry g = geometry(rs.getBytes(geomColumn), wkb);
                if (g != null) {
                    budget.vertices(g.getNumPoints());
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (Column col : columns) {
                    values.put(col.name, value(rs, col));
                }
                layer.rows.add(new RawLayer.Row(g, values));
            }
        }
    }

    private static Object value(ResultSet rs, Column col) throws SQLException {
        Object v = rs.getObject(col.name);
        if (v == null) {
            return null;
        }
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
            throw UploadException.bad("file", "a geometry has damaged WKB: " + e.getMessage());
        }
    }
}
