package org.xiangtu.bench;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.WatchStore;
import org.xiangtu.store.postgis.DatabaseUrl;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * The watch view's API over HTTP (issue 17, item 7; not a test; bench/README.md, "Watch view API (issue 17)"):
 * {@code GET /api/watch/summary} timed for the district and the town with most open alerts, as a signed-in
 * leader and as the public, warm (the figures kept) and cold (the first request after a change of the watch: a
 * leader's one-line department list opening one alert, not timed), against a floor measured in the same run: the
 * same counts (open and overdue alerts, households with an open alert, households monitored, by unit) as two
 * SQL {@code GROUP BY} statements on the store's own database, over JDBC; and what any request costs over the
 * same HTTP client (a small static file).
 *
 * <pre>
 * WatchApiBench postgis JDBC_URL N COLD   the app on that PostGIS database as it is (after WatchBench postgis)
 * WatchApiBench gpkg FILE N COLD          the app on a GeoPackage built from data/ (the demo county, its year)
 * </pre>
 */
public final class WatchApiBench {
    private static final String PASSWORD = "bench-password-17";

    private WatchApiBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[2]);
        int cold = Integer.parseInt(args[3]);
        switch (args[0]) {
            case "postgis" -> {
                DatabaseUrl url = DatabaseUrl.parse(args[1]);
                try (TestServer server = TestServer.startPostgis(null, args[1], Map.of(), false);
                        Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
                    run("PostGIS", server, c, n, cold);
                }
            }
            case "gpkg" -> {
                Path file = Path.of(args[1]);
                Files.deleteIfExists(file);
                try (TestServer server = TestServer.startOn(file, Map.of());
                        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                    run("GeoPackage", server, c, n, cold);
                }
            }
            default -> throw new IllegalArgumentException("postgis | gpkg");
        }
        System.exit(0); // the app's non-daemon threads
    }

    private static void run(String name, TestServer server, Connection c, int n, int cold) throws Exception {
        String town;
        List<String> listable = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            System.out.printf("api %s: %,d households, %,d alerts (%,d open), %,d monitoring records (%,d current)%n",
                    name, one(st, "SELECT count(*) FROM households"), one(st, "SELECT count(*) FROM watch_alerts"),
                    one(st, "SELECT count(*) FROM watch_alerts WHERE status = 'open'"),
                    one(st, "SELECT count(*) FROM watch_monitoring"),
                    one(st, "SELECT count(*) FROM watch_monitoring WHERE ended_on IS NULL"));
            try (ResultSet rs = st.executeQuery("SELECT substr(village_code, 1, 9) FROM watch_alerts WHERE status = "
                    + "'open' GROUP BY substr(village_code, 1, 9) ORDER BY count(*) DESC LIMIT 1")) {
                rs.next();
                town = rs.getString(1);
            }
            // households with no open civil affairs list alert: each one-line list opens exactly one alert
            try (ResultSet rs = st.executeQuery("SELECT code FROM households WHERE code NOT IN (SELECT household_code "
                    + "FROM watch_alerts WHERE rule = 'list:civil_affairs' AND status = 'open') ORDER BY code LIMIT "
                    + (4 * cold + 10))) {
                while (rs.next()) {
                    listable.add(rs.getString(1));
                }
            }
        }
        server.addUser("bench-leader", Role.LEADER, PASSWORD);
        ApiClient leader = server.client();
        if (leader.signIn("bench-leader", PASSWORD).statusCode() != 200) {
            throw new IllegalStateException("sign-in failed");
        }
        ApiClient anyone = server.client();
        Iterator<String> codes = listable.iterator();
        String today = LocalDate.now(WatchStore.ZONE).toString();
        long[] floorDistrict = floor(c, today, null, n);
        long[] floorTown = floor(c, today, town, n);
        System.out.printf("api %s floor (two GROUP BY over JDBC, %d runs): district p50 %.2f ms p99 %.2f ms; town %s "
                + "p50 %.2f ms p99 %.2f ms%n", name, n, p(floorDistrict, 50), p(floorDistrict, 99), town,
                p(floorTown, 50), p(floorTown, 99));
        long[] http = new long[n];
        for (int i = -20; i < n; i++) { // what any request costs: a small static file over the same client
            long t = timed(anyone, "/app.webmanifest");
            if (i >= 0) {
                http[i] = t;
            }
        }
        System.out.printf("api %s HTTP alone (GET /app.webmanifest, %d): p50 %.2f ms p99 %.2f ms%n", name, n,
                p(http, 50), p(http, 99));
        for (String scope : List.of("district", town)) {
            long[] floor = scope.equals("district") ? floorDistrict : floorTown;
            for (boolean signedIn : List.of(true, false)) {
                ApiClient client = signedIn ? leader : anyone;
                String path = "/api/watch/summary?scope=" + scope;
                long[] coldNs = new long[cold];
                for (int i = 0; i < cold; i++) {
                    change(leader, codes.next());
                    coldNs[i] = timed(client, path);
                }
                for (int i = 0; i < 20; i++) { // warm-up, not timed
                    timed(client, path);
                }
                long[] warm = new long[n];
                for (int i = 0; i < n; i++) {
                    warm[i] = timed(client, path);
                }
                String who = signedIn ? "leader" : "public";
                System.out.printf("api %s %s %s: warm p50 %.2f ms p99 %.2f ms (%d); cold p50 %.1f ms p99 %.1f ms (%d); "
                        + "p50 ÷ floor p50: warm %.2f, cold %.1f; %,d bytes%n", name, scope, who, p(warm, 50),
                        p(warm, 99), n, p(coldNs, 50), p(coldNs, 99), cold, p(warm, 50) / p(floor, 50),
                        p(coldNs, 50) / p(floor, 50), client.get(path).body().getBytes(StandardCharsets.UTF_8).length);
            }
        }
    }

    /** A change of the watch: a one-line civil affairs list opening one alert (announced on the feed). */
    private static void change(ApiClient leader, String code) {
        HttpResponse<String> r = leader.upload("/api/watch/lists", "bench.csv", ("code,reason\n" + code + ",基准\n")
                .getBytes(StandardCharsets.UTF_8), Map.of("source", "civil_affairs"));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("list import: " + r.statusCode() + " " + r.body());
        }
    }

    private static long timed(ApiClient client, String path) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.get(path);
        long t = System.nanoTime() - t0;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return t;
    }

    /**
     * The floor: the same counts by unit (the district's towns, or the town's villages) as two GROUP BY
     * statements read over JDBC — open alerts, overdue ones and households with one; households monitored.
     */
    private static long[] floor(Connection c, String today, String town, int runs) throws SQLException {
        String unit = town == null ? "substr(village_code, 1, 9)" : "village_code";
        String where = town == null ? "" : " AND village_code LIKE '" + town + "%'";
        String alerts = "SELECT " + unit + ", count(*), sum(CASE WHEN due_on < '" + today + "' THEN 1 ELSE 0 END), "
                + "count(DISTINCT household_code) FROM watch_alerts WHERE status = 'open'" + where + " GROUP BY " + unit;
        String monitored = "SELECT " + unit + ", count(*) FROM watch_monitoring WHERE ended_on IS NULL" + where
                + " GROUP BY " + unit;
        long[] ns = new long[runs];
        try (Statement st = c.createStatement()) {
            for (int i = -5; i < runs; i++) {
                long t0 = System.nanoTime();
                for (String sql : List.of(alerts, monitored)) {
                    try (ResultSet rs = st.executeQuery(sql)) {
                        while (rs.next()) {
                            rs.getString(1);
                            rs.getLong(2);
                        }
                    }
                }
                if (i >= 0) {
                    ns[i] = System.nanoTime() - t0;
                }
            }
        }
        return ns;
    }

    private static long one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The percentile in milliseconds. */
    private static double p(long[] ns, int pct) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return s[Math.max(0, (int) Math.ceil(s.length * pct / 100.0) - 1)] / 1e6;
    }
}
