package org.xiangtu.store.postgis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL location, parsed from either {@code postgres://user:pass@host:port/db?params} (also
 * {@code postgresql://}, the form of {@code DATABASE_URL}) or
 * {@code jdbc:postgresql://host:port/db?user=u&password=p&params}. The credentials are kept apart
 * from {@link #jdbcUrl()} so that the URL handed to the driver, the pool and Flyway never carries a
 * password, and {@link #toString()} never shows one.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/db} plus any other parameters, no credentials
 * @param user the user name, or null for the driver's default
 * @param password the password, or null
 */
public record DatabaseUrl(String jdbcUrl, String host, int port, String database, String user, String password) {
    private static final int DEFAULT_PORT = 5432;

    /** Parses either form; throws {@link IllegalArgumentException} naming what is wrong (never the password). */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the database URL is empty");
        }
        String s = url.trim();
        boolean jdbc = s.startsWith("jdbc:postgresql://");
        if (!jdbc && !s.startsWith("postgres://") && !s.startsWith("postgresql://")) {
            throw new IllegalArgumentException("the database URL must start with postgres://, postgresql:// or "
                    + "jdbc:postgresql:// (got '" + redact(s) + "')");
        }
        URI uri;
        try {
            uri = new URI(jdbc ? s.substring("jdbc:".length()) : s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the database URL is malformed: " + e.getReason());
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty()) {
            throw new IllegalArgumentException("the database URL names no database (…/DBNAME)");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                String[] p = kv.split("=", 2);
                params.put(decode(p[0]), p.length > 1 ? decode(p[1]) : "");
            }
        }
        if (params.containsKey("user")) {
            user = params.remove("user");
        }
        if (params.containsKey("password")) {
            password = params.remove("password");
        }
        List<String> rest = new ArrayList<>();
        params.forEach((k, v) -> rest.add(encode(k) + "=" + encode(v)));
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        String jdbcUrl = "jdbc:postgresql://" + hostPart + ":" + port + "/" + encode(database)
                + (rest.isEmpty() ? "" : "?" + String.join("&", rest));
        return new DatabaseUrl(jdbcUrl, host, port, database, user, password);
    }

    /** {@code host:port}, for messages. */
    public String hostPort() {
        return host + ":" + port;
    }

    /** The URL without the password, for logs: {@code jdbc:postgresql://host:5432/db (user u)}. */
    @Override
    public String toString() {
        return jdbcUrl + (user == null ? "" : " (user " + user + ")");
    }

    /** Any URL-looking string with its password replaced by {@code ***}; for logging raw configuration. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("(://[^:/@?#]*:)[^@/?#]*@", "$1***@")
                .replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
