package org.xiangtu.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.xiangtu.store.postgis.DatabaseUrl;

/**
 * A fresh, empty PostgreSQL database for one test class, created next to the database named by
 * {@code XIANGTU_TEST_DATABASE_URL} and dropped on close, so PostGIS tests can run again and again
 * and in any order. Its schema (PostGIS included) comes from the Flyway migrations, as in
 * production. Skips (fails in CI) when no test database is configured.
 */
public final class TestDatabase implements AutoCloseable {
    private final DatabaseUrl admin;
    public final DatabaseUrl url;
    private final String name;

    private TestDatabase(DatabaseUrl admin, DatabaseUrl url, String name) {
        this.admin = admin;
        this.url = url;
        this.name = name;
    }

    public static TestDatabase create() {
        DatabaseUrl admin = DatabaseUrl.parse(Requirements.requireTestDatabaseUrl());
        String name = "xiangtu_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try (Connection c = connect(admin); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            if (Requirements.isCi()) {
                throw new AssertionError("cannot create a test database at " + admin.hostPort() + ": " + e.getMessage(), e);
            }
            Assumptions.abort("cannot create a test database at " + admin.hostPort() + " (" + e.getMessage()
                    + "): skipping; the user of " + Requirements.TEST_DATABASE_URL + " needs CREATEDB");
        }
        String jdbc = admin.jdbcUrl().replaceFirst("/" + java.util.regex.Pattern.quote(admin.database()) + "(\\?|$)",
                "/" + name + "$1");
        return new TestDatabase(admin, new DatabaseUrl(jdbc, admin.host(), admin.port(), name, admin.user(),
                admin.password()), name);
    }

    /** The same database reached through another host and port (a proxy). */
    public DatabaseUrl via(String host, int port) {
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + name;
        return new DatabaseUrl(jdbc, host, port, name, url.user(), url.password());
    }

    /** The URL as {@code jdbc:postgresql://…?user=…&password=…}, as a user would pass it. */
    public String urlString() {
        return withCredentials(url);
    }

    public static String withCredentials(DatabaseUrl u) {
        StringBuilder sb = new StringBuilder(u.jdbcUrl());
        char sep = u.jdbcUrl().contains("?") ? '&' : '?';
        if (u.user() != null) {
            sb.append(sep).append("user=").append(u.user());
            sep = '&';
        }
        if (u.password() != null) {
            sb.append(sep).append("password=").append(u.password());
        }
        return sb.toString();
    }

    public Connection connect() throws SQLException {
        return connect(url);
    }

    private static Connection connect(DatabaseUrl u) throws SQLException {
        Properties p = new Properties();
        if (u.user() != null) {
            p.setProperty("user", u.user());
        }
        if (u.password() != null) {
            p.setProperty("password", u.password());
        }
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(u.jdbcUrl(), p);
    }

    @Override
    public void close() {
        try (Connection c = connect(admin); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // a leftover test database is harmless; .ci/run drops them
        }
    }
}
