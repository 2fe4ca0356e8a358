package org.xiangtu.store.geopackage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.xiangtu.store.StoreUnavailableException;
import org.xiangtu.store.jdbc.Transactions;

/**
 * Writes to the GeoPackage file: one read-write SQLite connection, one writer at a time (a fair
 * lock, as SQLite allows one writer). The journal stays the default rollback journal, so the file
 * remains a single self-contained GeoPackage that GDAL and QGIS open as it is; readers wait for a
 * commit through their busy timeout. The work tables ({@code xiangtu_users}, {@code xiangtu_audit}, planner layers)
 * are declared in {@link GeoPackageWorkSql} and made here on first use.
 */
public final class GeoPackageTransactions implements Transactions {
    private final Path file;
    private final ReentrantLock lock = new ReentrantLock(true);
    private Connection connection;

    private GeoPackageTransactions(Path file) {
        this.file = file;
    }

    public static GeoPackageTransactions open(GeoPackageStore store) {
        GeoPackageTransactions edits = new GeoPackageTransactions(Path.of(store.location()));
        edits.write(c -> {
            try (Statement st = c.createStatement()) {
                for (String ddl : GeoPackageWorkSql.WORK_TABLES) {
                    st.execute(ddl);
                }
                for (String ddl : org.xiangtu.store.jdbc.HouseholdChangeSql.GEOPACKAGE_TABLES) {
                    st.execute(ddl);
                }
                if (hasTables(c, "visits")) {
                    for (String ddl : GeoPackageWorkSql.FIELD_INDEXES) {
                        st.execute(ddl);
                    }
                }
                if (hasTables(c, "watch_alerts", "watch_monitoring")) { // a catalogue with the relapse watch's layers
                    for (String ddl : org.xiangtu.store.jdbc.WatchSql.GEOPACKAGE_TABLES) {
                        st.execute(ddl);
                    }
                    for (var index : org.xiangtu.store.jdbc.WatchSql.GEOPACKAGE_READ_INDEXES.entrySet()) {
                        boolean there;
                        try (var rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                + "AND name = '" + index.getKey() + "'")) {
                            there = rs.next() && rs.getInt(1) == 1;
                        }
                        if (there) {
                            st.execute(index.getValue());
                        }
                    }
                }
            }
            return null;
        });
        return edits;
    }

    /** Whether the file holds every one of these tables (a catalogue may have no field app or watch layers). */
    private static boolean hasTables(Connection c, String... names) throws SQLException {
        for (String name : names) {
            try (java.sql.PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                ps.setString(1, name);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    public <T> T write(Work<T> work) {
        acquire();
        try {
            return Transactions.commitOrRollback(connection(), work);
        } catch (SQLException e) {
            throw new IllegalStateException("write failed on " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        acquire();
        try {
            return Transactions.readAndRollback(connection(), work);
        } catch (SQLException e) {
            throw new IllegalStateException("read failed on " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void acquire() {
        try {
            if (!lock.tryLock(30, TimeUnit.SECONDS)) {
                throw new StoreUnavailableException("the GeoPackage " + file + " is busy with other writes", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting to write " + file, e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(10_000);
            config.enforceForeignKeys(true);
            connection = Sqlite.open(file, config);
            GpkgFunctions.register(connection);
            connection.setAutoCommit(false);
        }
        return connection;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // closing: nothing left to do
        } finally {
            lock.unlock();
        }
    }
}
