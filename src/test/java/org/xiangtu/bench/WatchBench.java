package org.xiangtu.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.edit.ChangeFeed;
import org.xiangtu.edit.ProjectEdits;
import org.xiangtu.edit.RelapseWatch;
import org.xiangtu.io.LayerFiles;
import org.xiangtu.store.WorkStore;
import org.xiangtu.store.geopackage.GeoPackageBuilder;
import org.xiangtu.store.geopackage.GeoPackageStore;
import org.xiangtu.store.postgis.DatabaseUrl;
import org.xiangtu.store.postgis.PostgisImporter;
import org.xiangtu.store.postgis.PostgisStore;

/**
 * Relapse watch benchmark (issue 17, item 7; not a test; see bench/README.md, "Relapse watch (issue 17)").
 *
 * <pre>
 * WatchBench load JDBC_URL SIZE       the demo data imported (Flyway), households replicated to SIZE with new
 *                                     codes (same distribution), 0.5 % of them given a visit that reported an
 *                                     event in the last 30 days; alerts and monitoring emptied
 * WatchBench floor JDBC_URL RUNS      the 7 rules as one SELECT of (rule, household) hits, read over JDBC
 * WatchBench postgis JDBC_URL N       RelapseWatch.runAll twice through PostgisStore.openWork(), then N
 *                                     households changed (direct UPDATE) and check(code) timed
 * WatchBench gpkg FILE N              the same on a GeoPackage built from data/ (the demo county)
 * </pre>
 */
public final class WatchBench {
    private static final String[] EVENTS = {"medical_expense", "disaster", "job_loss"};
    private static final String[] GUARANTEES = {"food_clothing", "housing", "water", "education", "medical"};

    private WatchBench() {
    }

    public static void main(String[] args) throws Exception {
        Catalog catalog = CatalogLoader.read(DataSource.folder(Path.of("data")));
        switch (args[0]) {
            case "load" -> load(catalog, DatabaseUrl.parse(args[1]), Integer.parseInt(args[2]));
            case "floor" -> floor(catalog, DatabaseUrl.parse(args[1]), Integer.parseInt(args[2]));
            case "postgis" -> postgis(catalog, DatabaseUrl.parse(args[1]), Integer.parseInt(args[2]));
            case "gpkg" -> gpkg(catalog, Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("load | floor | postgis | gpkg");
        }
    }

    private static Connection connect(DatabaseUrl url) throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    static void load(Catalog catalog, DatabaseUrl url, int size) throws Exception {
        long t0 = System.nanoTime();
        DataSource data = DataSource.folder(Path.of("data"));
        PostgisImporter.importAll(url, catalog, LayerFiles.readAll(catalog, data), Map.of(), 5_000);
        long t1 = System.nanoTime();
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            st.execute("DELETE FROM watch_alerts");
            st.execute("DELETE FROM watch_monitoring");
            long demo = one(st, "SELECT count(*) FROM households");
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns WHERE "
                    + "table_schema = current_schema() AND table_name = 'households' AND column_name NOT IN "
                    + "('id', 'code') AND is_identity = 'NO' AND column_default IS NULL ORDER BY ordinal_position")) {
                while (rs.next()) {
                    columns.add('"' + rs.getString(1) + '"');
                }
            }
            long more = Math.max(0, size - demo);
            long copies = (more + demo - 1) / demo;
            String cols = String.join(", ", columns);
            String fromH = String.join(", ", columns.stream().map(x -> "h." + x).toList());
            // copy k of every demo household, in code order, until SIZE: the same mix of values in every copy
            st.executeUpdate("INSERT INTO households (id, code, " + cols + ") SELECT h.id || '-r' || k, "
                    + "h.code || '-' || k, " + fromH + " FROM households h "
                    + "CROSS JOIN generate_series(1, " + copies + ") k ORDER BY k, h.code LIMIT " + more);
            long t2 = System.nanoTime();
            // a visit that reported an event in the last 30 days for one household in 200
            LocalDate today = LocalDate.now(ProjectEdits.COUNTY_ZONE);
            int n = st.executeUpdate("INSERT INTO visits (id, geom, household_code, village_code, cadre, at, kind, note, "
                    + "photos, updated_at, reported) SELECT 'bench-visit-' || h.code, h.geom, h.code, h.village_code, "
                    + "h.cadre, to_char(DATE '" + today + "' - (abs(hashtext(h.code)) % 30), 'YYYY-MM-DD') || "
                    + "'T10:00:00+08:00', 'monthly', '基准合成', 0, now(), (ARRAY['medical_expense', 'disaster', "
                    + "'job_loss'])[1 + abs(hashtext(h.code || 'e')) % 3] FROM households h "
                    + "WHERE abs(hashtext(h.code || 'v')) % 200 = 0");
            st.execute("ANALYZE");
            long t3 = System.nanoTime();
            System.out.printf("load: demo import %.1f s (%d households), replicated to %,d in %.1f s, %,d visits "
                    + "with a reported event (%.1f s with ANALYZE)%n", (t1 - t0) / 1e9, demo,
                    one(st, "SELECT count(*) FROM households"), (t2 - t1) / 1e9, n, (t3 - t2) / 1e9);
        }
    }

    private static long one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The catalogue's 7 rules written by hand as one statement, for the year the watch uses today. */
    static String floorSql(Catalog catalog, LocalDate today) {
        int year = catalog.watch().yearOn(today).orElseThrow();
        double line = catalog.watch().line(year);
        String now = sum(year);
        String prev = sum(year - 1);
        String lost = String.join(" OR ", Arrays.stream(GUARANTEES).map(g -> g + " = 'not_ensured'").toList());
        String risk = String.join(" OR ", Arrays.stream(GUARANTEES).map(g -> g + " = 'at_risk'").toList());
        String events = String.join(", ", Arrays.stream(EVENTS).map(e -> "'" + e + "'").toList());
        return "SELECT r.rule, h.code FROM households h CROSS JOIN LATERAL (VALUES "
                + "('income_below_line', h.size > 0 AND " + now + " / h.size < " + line + "), "
                + "('income_drop', " + prev + " > 0 AND (" + prev + " - " + now + ") / " + prev + " > 0.3), "
                + "('guarantee_lost', " + lost + "), ('guarantee_at_risk', " + risk + ")) r(rule, hit) WHERE r.hit "
                + "UNION ALL SELECT DISTINCT v.reported, v.household_code FROM visits v JOIN households h ON h.code = "
                + "v.household_code WHERE v.reported IN (" + events + ") AND DATE '" + today + "' - "
                + "substr(v.at, 1, 10)::date BETWEEN 0 AND 29";
    }

    private static String sum(int y) {
        return "(income_wage_" + y + " + income_business_" + y + " + income_transfer_" + y + " + income_property_" + y
                + ")::float8";
    }

    static void floor(Catalog catalog, DatabaseUrl url, int runs) throws Exception {
        String sql = floorSql(catalog, LocalDate.now(ProjectEdits.COUNTY_ZONE));
        System.out.println("floor SQL: " + sql);
        try (Connection c = connect(url)) {
            c.setAutoCommit(false);
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                long hits = 0;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setFetchSize(10_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(1);
                            rs.getString(2);
                            hits++;
                        }
                    }
                }
                long t1 = System.nanoTime();
                System.out.printf("floor run %d: %.3f s, %,d hits%n", r + 1, (t1 - t0) / 1e9, hits);
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE floor_hits (rule text, household_code text)");
                long t0 = System.nanoTime();
                int n = st.executeUpdate("INSERT INTO floor_hits " + sql);
                System.out.printf("floor as INSERT … SELECT (temp table): %.3f s, %,d rows%n",
                        (System.nanoTime() - t0) / 1e9, n);
            }
            c.rollback();
        }
    }

    static void postgis(Catalog catalog, DatabaseUrl url, int n) throws Exception {
        try (PostgisStore store = PostgisStore.open(url, catalog, PostgisStore.Options.of(600_000, 3_000))) {
            WorkStore work = store.openWork();
            RelapseWatch watch = new RelapseWatch(catalog, work.field(), work.watch(), new ChangeFeed(),
                    Clock.systemUTC());
            parts(catalog, work);
            runs(watch);
            try (Connection c = connect(url)) {
                List<String> codes = codes(c);
                incremental(watch, codes, n, code -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE households SET food_clothing = CASE "
                            + "food_clothing WHEN 'ensured' THEN 'not_ensured' ELSE 'ensured' END WHERE code = ?")) {
                        ps.setString(1, code);
                        ps.executeUpdate();
                    }
                });
            }
        }
    }

    static void gpkg(Catalog catalog, Path file, int n) throws Exception {
        Files.deleteIfExists(file);
        DataSource data = DataSource.folder(Path.of("data"));
        GeoPackageBuilder.build(catalog, LayerFiles.readAll(catalog, data), file, "data", null);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("DELETE FROM watch_alerts");
            st.execute("DELETE FROM watch_monitoring");
        }
        List<String> codes;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            codes = codes(c);
        }
        try (GeoPackageStore store = GeoPackageStore.open(file, catalog)) {
            WorkStore work = store.openWork();
            RelapseWatch watch = new RelapseWatch(catalog, work.field(), work.watch(), new ChangeFeed(),
                    Clock.systemUTC());
            parts(catalog, work);
            runs(watch);
            // the store holds the file: the household is not changed here, check(code) alone is timed
            incremental(watch, codes, n, code -> {
            });
        }
    }

    private static List<String> codes(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT code FROM households")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Where runAll's time goes: the households streamed alone, then streamed with the rules checked (no writes). */
    private static void parts(Catalog catalog, WorkStore work) {
        long[] n = new long[2];
        long t0 = System.nanoTime();
        work.field().eachHousehold(h -> n[0]++);
        long t1 = System.nanoTime();
        org.xiangtu.analysis.RelapseRules rules = org.xiangtu.analysis.RelapseRules.of(catalog);
        LocalDate today = LocalDate.now(ProjectEdits.COUNTY_ZONE);
        work.field().eachHousehold(h -> n[1] += rules.check(h.properties(), List.of(), today).size());
        long t2 = System.nanoTime();
        work.field().eachHousehold(rules.fields(today), h -> n[1] += rules.check(h.properties(), List.of(), today).size());
        long t3 = System.nanoTime();
        System.out.printf("eachHousehold alone (every column): %.3f s (%,d households); with the rules checked (no "
                + "events, no writes): %.3f s; the rules' columns only, with the rules: %.3f s%n", (t1 - t0) / 1e9, n[0],
                (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    private static void runs(RelapseWatch watch) {
        for (int r = 1; r <= 2; r++) {
            long t0 = System.nanoTime();
            RelapseWatch.Run run = watch.runAll("bench");
            long t1 = System.nanoTime();
            System.out.printf("runAll %d: %.3f s, %,d households checked, %,d hits, %,d alerts opened%n", r,
                    (t1 - t0) / 1e9, run.checked(), run.hits(), run.opened());
        }
    }

    interface Change {
        void apply(String code) throws Exception;
    }

    private static void incremental(RelapseWatch watch, List<String> codes, int n, Change change) throws Exception {
        Random random = new Random(17);
        for (int i = 0; i < Math.min(50, n); i++) { // warm-up, not timed
            watch.check(codes.get(random.nextInt(codes.size())), "bench");
        }
        long[] ns = new long[n];
        int opened = 0;
        for (int i = 0; i < n; i++) {
            String code = codes.get(random.nextInt(codes.size()));
            change.apply(code);
            long t0 = System.nanoTime();
            opened += watch.check(code, "bench").opened().size();
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        System.out.printf("check(code) after a change, %d households: p50 %.2f ms, p99 %.2f ms, max %.2f ms, "
                + "%d alerts opened%n", n, ns[n / 2] / 1e6, ns[(int) Math.ceil(n * 0.99) - 1] / 1e6, ns[n - 1] / 1e6,
                opened);
    }
}
