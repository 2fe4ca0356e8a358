package org.xiangtu;

import org.xiangtu.io.LayerFiles;
import org.xiangtu.testing.RequiresPostgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.testing.TestDatabase;

/**
 * The command line on PostGIS: {@code import --database-url} loads the data in one transaction,
 * twice gives the same database, a bad file changes nothing and is named; an unreachable database
 * is one line on stderr and exit code 1, with no stack trace on the console.
 */
@RequiresPostgis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MainPostgisIT {
    private TestDatabase db;
    private Catalog catalog;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    void create() {
        db = TestDatabase.create();
        catalog = CatalogLoader.read(DataSource.folder(Path.of("data")));
    }

    @AfterAll
    void drop() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void reset() {
        out.reset();
        err.reset();
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Every table's rows as text, in id order: equal digests, equal databases. */
    private Map<String, String> digest() throws Exception {
        Map<String, String> d = new LinkedHashMap<>();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (LayerDef layer : catalog.layers()) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' "
                        + "ORDER BY t.id)), '') FROM \"" + layer.id() + "\" t")) {
                    rs.next();
                    d.put(layer.id(), rs.getString(1));
                }
            }
        }
        return d;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void import_loads_every_layer_and_importing_twice_leaves_the_same_database() throws Exception {
        assertThat(run("import", "--database-url", db.urlString())).as(err()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Imported into", db.url.database())
                .doesNotContain("password");
        Map<String, List<org.xiangtu.store.Feature>> data = LayerFiles.readAll(catalog,
                DataSource.folder(Path.of("data")));
        Map<String, String> first = digest();
        for (LayerDef layer : catalog.layers()) {
            assertThat(first.get(layer.id())).startsWith(data.get(layer.id()).size() + ":");
        }
        assertThat(run("import", "--database-url", db.urlString())).as(err()).isZero();
        assertThat(digest()).isEqualTo(first);
    }

    @Test
    void a_file_that_fails_validation_changes_nothing_and_is_named_with_feature_and_field(@TempDir Path dir)
            throws Exception {
        assertThat(run("import", "--database-url", db.urlString())).isZero();
        Map<String, String> before = digest();
        Path towns = dir.resolve("towns.geojson");
        Files.writeString(towns, """
                {"type":"FeatureCollection","features":[{"type":"Feature","id":"t1","geometry":{"type":"Polygon",
                "coordinates":[[[106,29.8],[106.1,29.8],[106.1,29.9],[106,29.9],[106,29.8]]]},
                "properties":{"code":"500151123000","name":"双山镇","pinyin":"Shuangshan","kind":"city",
                "updated_at":"2021-01-01T00:00:00Z"}}]}""");
        reset();
        assertThat(run("import", "--database-url", db.urlString(), towns.toString())).isEqualTo(1);
        assertThat(err()).contains("towns.geojson", "'t1'", "'kind'").hasLineCount(1);
        assertThat(digest()).isEqualTo(before);
    }

    @Test
    void a_row_the_database_refuses_rolls_back_every_layer_and_is_named_with_file_feature_and_field(@TempDir Path dir)
            throws Exception {
        assertThat(run("import", "--database-url", db.urlString())).isZero();
        Map<String, String> before = digest();
        // every value the reader passes fits the column types, so the database refuses a row here by
        // a constraint the catalogue does not know about; it says where, and everything rolls back
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE greenways ADD CONSTRAINT greenways_opened_check CHECK (opened < '2100-01-01')");
        }
        Path greenways = dir.resolve("greenways.geojson");
        Files.writeString(greenways, """
                {"type":"FeatureCollection","features":[{"type":"Feature","id":"g-far","geometry":{"type":"LineString",
                "coordinates":[[106,29.8],[106.1,29.8]]},
                "properties":{"name":"远方绿道","opened":"2200-01-01","updated_at":"2021-01-01T00:00:00Z"}}]}""");
        reset();
        try {
            assertThat(run("import", "--database-url", db.urlString(), greenways.toString())).isEqualTo(1);
            assertThat(err()).contains(greenways.toString(), "'g-far'", "greenways_opened_check").hasLineCount(1);
            assertThat(digest()).isEqualTo(before);
        } finally {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE greenways DROP CONSTRAINT greenways_opened_check");
            }
        }
    }

    @Test
    void a_value_postgresql_cannot_store_is_refused_while_reading_and_changes_nothing(@TempDir Path dir)
            throws Exception {
        assertThat(run("import", "--database-url", db.urlString())).isZero();
        Map<String, String> before = digest();
        Path greenways = dir.resolve("greenways.geojson");
        Files.writeString(greenways, """
                {"type":"FeatureCollection","features":[{"type":"Feature","id":"g-far","geometry":{"type":"LineString",
                "coordinates":[[106,29.8],[106.1,29.8]]},
                "properties":{"name":"远方\\u0000绿道","updated_at":"2021-01-01T00:00:00Z"}}]}""");
        reset();
        assertThat(run("import", "--database-url", db.urlString(), greenways.toString())).isEqualTo(1);
        assertThat(err()).contains(greenways.toString(), "'g-far'", "'name'", "NUL").hasLineCount(1);
        assertThat(digest()).isEqualTo(before);
    }

    @Test
    void a_geopackage_written_by_import_gpkg_imports_the_same_rows_as_the_geojson(@TempDir Path dir) throws Exception {
        assertThat(run("import", "--database-url", db.urlString())).as(err()).isZero();
        Map<String, String> fromGeoJson = digest();
        Map<String, String> indexesBefore = indexes();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM villages"); // the GeoPackage's rows must come back
        }
        Path gpkg = dir.resolve("county.gpkg");
        assertThat(run("import", "--gpkg", gpkg.toString())).as(err()).isZero();
        reset();
        assertThat(run("import", "--database-url", db.urlString(), gpkg.toString())).as(err()).isZero();
        assertThat(digest()).isEqualTo(fromGeoJson);
        assertThat(indexes()).as("the indexes dropped for the load are built again, as they were")
                .isEqualTo(indexesBefore).containsKeys("villages_geom_idx", "villages_updated_at_idx");
    }

    /** The current schema's index definitions, by name. */
    private Map<String, String> indexes() throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    @Test
    void import_into_an_unreachable_database_is_one_line_and_exit_code_1() throws Exception {
        int port = freePort();
        assertThat(run("import", "--database-url", "postgres://xiangtu:s3cret@127.0.0.1:" + port + "/nowhere"))
                .isEqualTo(1);
        assertThat(err()).isEqualTo("xiangtu: cannot reach the database at 127.0.0.1:" + port
                + ": connection refused" + System.lineSeparator());
        reset();
        assertThat(run("import", "--database-url", "mysql://x@y/z")).isEqualTo(2);
        assertThat(err()).contains("--database-url", "postgres://").hasLineCount(1);
    }

    @Test
    void serve_with_an_unreachable_database_prints_one_line_no_stack_trace_and_exits_1() throws Exception {
        Path jar = Path.of("target/xiangtu.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(jar),
                "target/xiangtu.jar is built by mvn package (before the integration tests)");
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve", "--port", "0", "--host", "127.0.0.1",
                "--database-url", "postgres://xiangtu:s3cret@127.0.0.1:" + port + "/xiangtu");
        pb.environment().keySet().removeIf(k -> k.startsWith("XIANGTU_") || k.equals("DATABASE_URL")); // a user's shell
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stdout + stderr).isEqualTo(1);
        assertThat(stderr.strip()).isEqualTo("xiangtu: cannot reach the database at 127.0.0.1:" + port
                + ": connection refused");
        assertThat(stdout + stderr).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("s3cret");
        assertThat(stdout).contains("***"); // the configuration is logged, password redacted
    }
}
