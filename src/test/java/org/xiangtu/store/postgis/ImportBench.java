package org.xiangtu.store.postgis;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.Group;
import org.xiangtu.catalog.I18n;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;

/**
 * Import benchmark (not a test; see bench/README.md, "Import"): loads a synthetic layer of N
 * village polygons (default 200,000, 16-vertex rings on a grid across Chongqing) into PostGIS with
 * the importer's COPY into a fresh table swapped in (what the importer does) and in place (DELETE,
 * COPY with the indexes kept), and, when asked, with batched INSERTs, a few times each, interleaved, and prints the times.
 *
 * <p>{@code java -cp … org.xiangtu.store.postgis.ImportBench JDBC_URL [N] [RUNS] [inserts]}; the URL's
 * database is used for a scratch table {@code bench_villages}, dropped at the end.
 */
public final class ImportBench {
    private ImportBench() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean inserts = args.length > 3 && "inserts".equals(args[3]);
        LayerDef layer = layer();
        Catalog catalog = new Catalog(null, 1, new I18n("基准", "Bench"), null,
                List.of(new Group("bench", new I18n("基准", "Bench"))), List.of(layer));
        List<Feature> features = generate(n);
        System.out.printf("bench: %,d polygons of %d vertices, %d runs each%n", n,
                features.get(0).geometry().getNumPoints(), runs);
        try (Connection c = connect(url, false)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE EXTENSION IF NOT EXISTS postgis");
                st.execute("DROP TABLE IF EXISTS bench_villages");
                for (String ddl : PostgisSql.createTable(layer)) {
                    st.execute(ddl);
                }
            }
            Map<String, List<Long>> times = new LinkedHashMap<>();
            for (int r = 0; r < runs; r++) {
                times.computeIfAbsent("COPY into a fresh table, swapped in (importer)", k -> new ArrayList<>())
                        .add(time(() -> PostgisImporter.load(c, catalog, Map.of(layer.id(),
                                FeatureSource.of("bench", layer, features)), PostgisImporter.Replace.SWAP)));
                times.computeIfAbsent("DELETE, COPY into the table, indexes kept", k -> new ArrayList<>())
                        .add(time(() -> PostgisImporter.load(c, catalog, Map.of(layer.id(),
                                FeatureSource.of("bench", layer, features)), PostgisImporter.Replace.IN_PLACE)));
                if (inserts) {
                    times.computeIfAbsent("batched INSERT (1,000 per batch)", k -> new ArrayList<>())
                            .add(time(() -> batchInsert(c, layer, features)));
                    try (Connection rewrite = connect(url, true)) {
                        times.computeIfAbsent("batched INSERT, reWriteBatchedInserts=true", k -> new ArrayList<>())
                                .add(time(() -> batchInsert(rewrite, layer, features)));
                    }
                }
            }
            for (var e : times.entrySet()) {
                List<Long> t = e.getValue().stream().sorted().toList();
                long median = t.get(t.size() / 2);
                System.out.printf("bench: %-48s median %6.1f s  (%s)  %,.0f features/s%n", e.getKey(), median / 1000.0,
                        t.stream().map(x -> String.format("%.1f", x / 1000.0)).collect(Collectors.joining(", ")),
                        n * 1000.0 / median);
            }
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE bench_villages");
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static long time(Work w) throws Exception {
        long start = System.nanoTime();
        w.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static Connection connect(DatabaseUrl url, boolean rewrite) throws SQLException {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("reWriteBatchedInserts", String.valueOf(rewrite));
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    /** The same transaction shape as the importer (delete, load, commit, analyze), with INSERT instead of COPY. */
    private static void batchInsert(Connection c, LayerDef layer, List<Feature> features) throws SQLException {
        c.setAutoCommit(false);
        List<String> cols = PostgisSql.columns(layer);
        String sql = "INSERT INTO " + PostgisSql.q(layer.id()) + " ("
                + cols.stream().map(PostgisSql::q).collect(Collectors.joining(", ")) + ") VALUES (?, ST_GeomFromEWKB(?)"
                + ", ?".repeat(cols.size() - 2) + ")";
        WKBWriter wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN, true);
        try (Statement st = c.createStatement()) {
            st.executeUpdate(PostgisSql.deleteAll(layer));
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int inBatch = 0;
            for (Feature f : features) {
                int i = 1;
                ps.setString(i++, f.id());
                ps.setBytes(i++, wkb.write(f.geometry()));
                for (FieldDef field : layer.fields()) {
                    Object v = f.properties().get(field.name());
                    if (v == null) {
                        ps.setNull(i++, java.sql.Types.NULL);
                    } else {
                        PostgisStore.bind(ps, i++, field.type(), v);
                    }
                }
                ps.setObject(i, java.time.OffsetDateTime.parse((String) f.properties().get("updated_at")));
                ps.addBatch();
                if (++inBatch == 1000) {
                    ps.executeBatch();
                    inBatch = 0;
                }
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute(PostgisSql.analyze(layer));
        }
    }

    static LayerDef layer() {
        List<FieldDef> fields = new ArrayList<>();
        for (String[] f : new String[][] {{"code", "string"}, {"name", "string"}, {"town_code", "string"},
                {"kind", "string"}, {"households", "integer"}, {"population", "integer"}, {"income_2020", "number"},
                {"is_municipal_poverty_village", "boolean"}, {"surveyed", "date"}}) {
            fields.add(new FieldDef(f[0], FieldType.valueOf(f[1].toUpperCase(java.util.Locale.ROOT)),
                    new I18n(f[0], f[0]), null, Visibility.PUBLIC, null));
        }
        return new LayerDef("bench_villages", new I18n("村", "Villages"), null, "bench", GeometryKind.MULTIPOLYGON,
                null, true, 0, Map.of(), null, null, null, fields);
    }

    /** N star-shaped 16-vertex polygons on a grid over 105.2–110.2° E, 28.2–32.2° N. */
    static List<Feature> generate(int n) {
        Random random = new Random(200_000);
        int side = (int) Math.ceil(Math.sqrt(n));
        double cell = 4.0 / side;
        List<Feature> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            double cx = 105.2 + (k % side + 0.5) * cell;
            double cy = 28.2 + (k / side + 0.5) * cell;
            Coordinate[] ring = new Coordinate[17];
            for (int v = 0; v < 16; v++) {
                double a = 2 * Math.PI * v / 16;
                double r = cell * (0.3 + 0.15 * random.nextDouble());
                ring[v] = new Coordinate(round6(cx + r * Math.cos(a)), round6(cy + r * Math.sin(a)));
            }
            ring[16] = ring[0];
            Polygon p = Crs.LONLAT.createPolygon(ring);
            Map<String, Object> props = new LinkedHashMap<>();
            String code = String.format("5001%08d", k);
            props.put("code", code);
            props.put("name", "合成村" + k);
            props.put("town_code", String.format("5001%05d000", k / 300));
            props.put("kind", k % 7 == 0 ? "community" : "village");
            props.put("households", (long) (200 + random.nextInt(2000)));
            props.put("population", (long) (600 + random.nextInt(6000)));
            props.put("income_2020", 12000 + random.nextInt(10000) + 0.5);
            props.put("is_municipal_poverty_village", k % 11 == 0);
            props.put("surveyed", "2020-0" + (1 + k % 9) + "-15");
            props.put("updated_at", "2021-06-30T00:00:00Z");
            out.add(new Feature("village-" + code, Crs.LONLAT.createMultiPolygon(new Polygon[] {p}), props));
        }
        return out;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
