package org.xiangtu.store.geopackage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;

/**
 * Opens a SQLite (GeoPackage) file straight through sqlite-jdbc's driver, not {@code DriverManager},
 * whose first use scans every JDBC driver on the class path (about 150 ms of an import's start).
 */
public final class Sqlite {
    private Sqlite() {
    }

    /** A connection to {@code file} with {@code config}'s settings. */
    public static Connection open(Path file, SQLiteConfig config) throws SQLException {
        return JDBC.createConnection(JDBC.PREFIX + file.toAbsolutePath(), config.toProperties());
    }

    /** A connection to {@code file} with sqlite-jdbc's defaults. */
    public static Connection open(Path file) throws SQLException {
        return open(file, new SQLiteConfig());
    }
}
