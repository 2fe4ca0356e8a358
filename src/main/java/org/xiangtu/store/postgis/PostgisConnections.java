package org.xiangtu.store.postgis;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PSQLException;
import org.xiangtu.store.StoreUnavailableException;

/**
 * How Xiangtu connects to PostgreSQL: the serving pool (HikariCP; single statements in autocommit,
 * repeatable-read transactions where a reader asks for one, statement timeout set on every
 * connection, short connect and socket timeouts so
 * that a lost database gives a quick error rather than a hung thread) and plain data sources for
 * migrations and imports. Also turns driver errors into our exceptions.
 */
final class PostgisConnections {
    private PostgisConnections() {
    }

    /** The serving pool; checks once that the database answers. */
    static HikariDataSource pool(DatabaseUrl url, PostgisStore.Options options) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("xiangtu-postgis");
        hc.setJdbcUrl(url.jdbcUrl());
        hc.setUsername(url.user());
        hc.setPassword(url.password());
        hc.setMaximumPoolSize(options.poolSize());
        hc.setConnectionTimeout(Math.max(250, options.connectTimeoutMs()));
        hc.setValidationTimeout(Math.max(250, options.connectTimeoutMs() / 2));
        hc.setInitializationFailTimeout(-1); // we probe ourselves below, to report it in one line
        // Autocommit: an items page is one statement, and a transaction around it would cost two more
        // messages (BEGIN, ROLLBACK) per page (bench/README.md). Readers that need one snapshot for
        // several statements, or a cursor, turn it off for their connection (PostgisStore.page).
        hc.setAutoCommit(true);
        hc.setReadOnly(true);
        hc.setTransactionIsolation("TRANSACTION_REPEATABLE_READ"); // for those transactions
        // an int, not text from outside: nothing to bind (SET takes no parameters). Committed at once
        // (isolateInternalQueries), or the first rollback of a read-only transaction would undo it.
        hc.setConnectionInitSql("SET statement_timeout = " + options.statementTimeoutMs());
        hc.setIsolateInternalQueries(true);
        // driver properties must be strings (java.util.Properties ignores other values)
        hc.addDataSourceProperty("connectTimeout", String.valueOf(seconds(options.connectTimeoutMs())));
        hc.addDataSourceProperty("loginTimeout", String.valueOf(seconds(options.connectTimeoutMs())));
        // a database that stops answering mid-query (network cut without a reset) must not hang a thread
        hc.addDataSourceProperty("socketTimeout", String.valueOf(options.statementTimeoutMs() == 0 ? 0
                : seconds(options.statementTimeoutMs() + options.connectTimeoutMs())));
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("ApplicationName", "xiangtu");
        HikariDataSource ds = new HikariDataSource(hc);
        try (Connection c = ds.getConnection()) {
            if (!c.isValid(Math.max(1, seconds(options.connectTimeoutMs())))) {
                throw new SQLException("the connection did not answer");
            }
        } catch (SQLException e) {
            ds.close();
            throw unreachable(url, e);
        }
        return ds;
    }

    /** A plain data source (no pool) for Flyway and the importer: no statement timeout. */
    static PGSimpleDataSource simple(DatabaseUrl url, int connectTimeoutMs) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url.jdbcUrl());
        if (url.user() != null) {
            ds.setUser(url.user());
        }
        if (url.password() != null) {
            ds.setPassword(url.password());
        }
        ds.setConnectTimeout(seconds(connectTimeoutMs));
        ds.setLoginTimeout(seconds(connectTimeoutMs));
        ds.setTcpKeepAlive(true);
        ds.setApplicationName("xiangtu");
        return ds;
    }

    /** Opens a connection from a plain data source, or says in one line why the database cannot be reached. */
    static Connection connect(DatabaseUrl url, PGSimpleDataSource ds) {
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw unreachable(url, e);
        }
    }

    private static int seconds(int ms) {
        return Math.max(1, (ms + 999) / 1000);
    }

    /** "cannot reach the database at HOST:PORT: reason" — the whole message, no password, one line. */
    static StoreUnavailableException unreachable(DatabaseUrl url, SQLException e) {
        return new StoreUnavailableException("cannot reach the database at " + url.hostPort() + ": " + reason(e), e);
    }

    /** Whether an error means "the database is not there or too slow right now" rather than a bug. */
    static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || state.startsWith("08") // connection exception
                || state.startsWith("57") // operator intervention: statement timeout, shutdown
                || state.startsWith("53") // insufficient resources
                || state.startsWith("40"); // serialization failure, deadlock
    }

    /** The most telling short reason, from the innermost cause. */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (t instanceof java.io.EOFException) {
            return "connection closed";
        }
        String m = t instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getMessage() : t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
