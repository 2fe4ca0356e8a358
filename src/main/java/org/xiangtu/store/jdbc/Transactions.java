package org.xiangtu.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Transactions on the work tables, under the work interfaces ({@link JdbcWorkStore},
 * {@link JdbcPlannerLayerStore}): each change in one transaction. On GeoPackage writes are serialised
 * (SQLite has one writer); on PostgreSQL they run concurrently and rely on row locks. Each backend
 * gives one ({@code GeoPackageTransactions}, {@code PostgisTransactions}); nothing outside
 * {@code store/} sees a connection.
 */
public interface Transactions extends AutoCloseable {

    /** The SQL flavour, with the few bindings that differ between the two stores. */
    enum Dialect {
        SQLITE, POSTGRESQL;

        /** GeoPackage's DATETIME text: {@code YYYY-MM-DDTHH:MM:SS.SSSZ}, UTC. */
        static final java.time.format.DateTimeFormatter GPKG_DATETIME = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

        /** Binds a timestamp: {@code timestamptz} on PostgreSQL, ISO-8601 UTC text on SQLite (as GeoPackage DATETIME). */
        public void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
            if (this == POSTGRESQL) {
                ps.setObject(i, t.atOffset(ZoneOffset.UTC));
            } else {
                ps.setString(i, GPKG_DATETIME.format(t));
            }
        }

        public Instant getInstant(ResultSet rs, int i) throws SQLException {
            if (this == POSTGRESQL) {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }
            String s = rs.getString(i);
            return s == null ? null : Instant.parse(s);
        }

        /** Binds a date: {@code date} on PostgreSQL, {@code YYYY-MM-DD} text on SQLite. */
        public void setDate(PreparedStatement ps, int i, LocalDate d) throws SQLException {
            if (this == POSTGRESQL) {
                ps.setObject(i, d);
            } else {
                ps.setString(i, d.toString());
            }
        }

        /** {@code FOR UPDATE} where row locks exist; SQLite's single writer makes it unneeded. */
        public String forUpdate() {
            return this == POSTGRESQL ? " FOR UPDATE" : "";
        }
    }

    /** Work on a connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    Dialect dialect();

    /** Runs the work on {@code c} and commits, or rolls back and rethrows what it threw. */
    static <T> T commitOrRollback(Connection c, Work<T> work) throws SQLException {
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(c, e);
            throw e;
        }
    }

    /**
     * Rolls back after {@code cause}; a failing rollback (the connection is gone too) is kept as suppressed, so
     * the first failure — the one that tells an outage from a bug — is the one thrown.
     */
    static void rollbackAfter(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException r) {
            cause.addSuppressed(r);
        }
    }

    /** Runs read-only work on {@code c} and rolls back, without letting a failed rollback hide the work's failure. */
    static <T> T readAndRollback(Connection c, Work<T> work) throws SQLException {
        T result;
        try {
            result = work.run(c);
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(c, e);
            throw e;
        }
        c.rollback();
        return result;
    }

    /**
     * Runs the work in one transaction: committed when it returns, rolled back when it throws.
     * Runtime exceptions thrown by the work pass through unchanged (after the rollback).
     *
     * @throws org.xiangtu.store.StoreUnavailableException when the store cannot be reached
     */
    <T> T write(Work<T> work);

    /** Runs read-only work (no transaction guarantees beyond one statement). */
    <T> T read(Work<T> work);

    @Override
    void close();
}
