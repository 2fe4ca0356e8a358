package org.xiangtu.store.postgis;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.xiangtu.store.StoreUnavailableException;
import org.xiangtu.store.jdbc.Transactions;

/**
 * Writes to PostgreSQL: a small pool of its own (read-write, READ COMMITTED, no autocommit), so
 * that the read pool of {@link PostgisStore} stays read-only. Concurrent writers rely on row locks
 * ({@code SELECT … FOR UPDATE}); the tables it writes are created by the Flyway migrations.
 */
public final class PostgisTransactions implements Transactions {
    private final HikariDataSource pool;
    private final String where;

    private PostgisTransactions(HikariDataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    /** Opens a writer pool to the same database, with the same credentials and timeouts as the store's. */
    public static PostgisTransactions open(PostgisStore store) {
        HikariDataSource read = store.pool();
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("xiangtu-postgis-edits");
        hc.setJdbcUrl(read.getJdbcUrl());
        hc.setUsername(read.getUsername());
        hc.setPassword(read.getPassword());
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(0);
        hc.setConnectionTimeout(read.getConnectionTimeout());
        hc.setValidationTimeout(read.getValidationTimeout());
        hc.setInitializationFailTimeout(-1);
        hc.setAutoCommit(false);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        hc.setConnectionInitSql(read.getConnectionInitSql());
        hc.setIsolateInternalQueries(true);
        hc.setDataSourceProperties(read.getDataSourceProperties());
        return new PostgisTransactions(new HikariDataSource(hc), store.location());
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public <T> T write(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return Transactions.commitOrRollback(c, work);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return Transactions.readAndRollback(c, work);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private RuntimeException failure(SQLException e) {
        if (PostgisConnections.isUnavailable(e)) {
            return new StoreUnavailableException("the database at " + where + " did not answer: "
                    + PostgisConnections.reason(e), e);
        }
        return new IllegalStateException("write failed on " + where + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        pool.close();
    }
}
