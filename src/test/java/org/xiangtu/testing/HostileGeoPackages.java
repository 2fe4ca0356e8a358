package org.xiangtu.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.sqlite.SQLiteConfig;

/**
 * Tiny GeoPackages (a few kilobytes) whose "feature table" costs far more to read than its size says:
 * a view over {@code printf} that makes 100 MB values, a view over a recursive query that never ends,
 * a generated column, a {@code gpkg_contents} that is itself an endless view. Built with sqlite-jdbc in
 * the test, so what they hold is visible here.
 */
public final class HostileGeoPackages {
    /** A GeoPackage point blob (little-endian header, no envelope, srs 4326) at 106, 29.8, as an SQL literal. */
    public static final String POINT = "X'" + HexFormat.of().formatHex(point(106, 29.8)) + "'";

    /** Three rows whose {@code name} is 100 MB each, made by {@code printf} when read. */
    public static final String PRINTF_VIEW = "CREATE VIEW pts AS SELECT 1 AS fid, " + POINT
            + " AS geom, printf('%.*c', 100000000, 'x') AS name"
            + " UNION ALL SELECT 2, " + POINT + ", printf('%.*c', 100000000, 'y')"
            + " UNION ALL SELECT 3, " + POINT + ", printf('%.*c', 100000000, 'z')";
    /** A recursive query that counts for ever and returns no row: passes every feature and vertex limit. */
    public static final String ENDLESS_VIEW = "CREATE VIEW pts AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
            + " SELECT i + 1 FROM n) SELECT i AS fid, " + POINT + " AS geom, 'a' AS name FROM n WHERE i < 0";
    /** A base table with a virtual generated column computed by {@code printf} on every read. */
    public static final String GENERATED_COLUMN = "CREATE TABLE pts (fid INTEGER PRIMARY KEY, geom POINT,"
            + " name TEXT GENERATED ALWAYS AS (printf('%.*c', 100000000, 'x')) VIRTUAL);"
            + " INSERT INTO pts (fid, geom) VALUES (1, " + POINT + "), (2, " + POINT + ")";
    /** An honest base table with one point, for comparison. */
    public static final String BASE_TABLE = "CREATE TABLE pts (fid INTEGER PRIMARY KEY, geom POINT, name TEXT);"
            + " INSERT INTO pts VALUES (1, " + POINT + ", 'a')";

    private HostileGeoPackages() {
    }

    /** A GeoPackage with metadata registering feature table {@code pts}, made by {@code featureSql}. */
    public static Path write(Path dir, String name, String featureSql) {
        return write(dir, name, featureSql, false);
    }

    /**
     * @param endlessContents make {@code gpkg_contents} a view over an endless recursive query instead of a table
     */
    public static Path write(Path dir, String name, String featureSql, boolean endlessContents) {
        Path file = dir.resolve(name);
        try {
            Files.deleteIfExists(file);
            try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + file.toAbsolutePath());
                    Statement s = c.createStatement()) {
                s.executeUpdate("PRAGMA application_id = 1196444487");
                s.executeUpdate("CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,"
                        + " organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,"
                        + " definition TEXT NOT NULL, description TEXT)");
                s.executeUpdate("INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, 'EPSG', 4326, 'GEOGCS[\"WGS 84\"]', NULL)");
                if (endlessContents) {
                    s.executeUpdate("CREATE VIEW gpkg_contents AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                            + " SELECT i + 1 FROM n) SELECT 'pts' AS table_name, 'features' AS data_type,"
                            + " 'pts' AS identifier, i AS srs_id FROM n WHERE i < 0");
                } else {
                    s.executeUpdate("CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY,"
                            + " data_type TEXT NOT NULL, identifier TEXT, description TEXT DEFAULT '',"
                            + " last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,"
                            + " srs_id INTEGER)");
                    s.executeUpdate("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)"
                            + " VALUES ('pts', 'features', 'pts', 4326)");
                }
                s.executeUpdate("CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,"
                        + " geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,"
                        + " m TINYINT NOT NULL)");
                s.executeUpdate("INSERT INTO gpkg_geometry_columns VALUES ('pts', 'geom', 'POINT', 4326, 0, 0)");
                for (String sql : featureSql.split(";")) {
                    s.executeUpdate(sql);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] point(double x, double y) {
        ByteBuffer b = ByteBuffer.allocate(8 + 21).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) 1).putInt(4326);
        b.put((byte) 1).putInt(1).putDouble(x).putDouble(y);
        return b.array();
    }
}
