package org.xiangtu.store.postgis;

import org.xiangtu.io.LayerFiles;
import org.xiangtu.testing.RequiresPostgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.testing.TestDatabase;

/**
 * How the importer replaces a layer's rows ({@link TableSwap}): a plain table is loaded fresh and
 * swapped in with everything it had (indexes, constraints, grants); a table something else hangs on
 * (a view) is replaced in place; readers are not blocked while the rows load; a duplicate id found
 * by the primary key is named with the file and the feature, and changes nothing.
 */
@RequiresPostgis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgisImporterIT {
    private TestDatabase db;
    private Catalog catalog;
    private Map<String, List<Feature>> data;

    @BeforeAll
    void migrate() {
        db = TestDatabase.create();
        catalog = CatalogLoader.read(DataSource.folder(Path.of("data")));
        data = LayerFiles.readAll(catalog, DataSource.folder(Path.of("data")));
        PostgisSchema.migrate(PostgisConnections.simple(db.url, 5000));
    }

    @AfterAll
    void drop() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void load() throws SQLException {
        try (Connection c = db.connect()) {
            PostgisImporter.load(c, catalog, inputs(data));
        }
    }

    private static Map<String, FeatureSource> inputs(Map<String, List<Feature>> layers) {
        Map<String, FeatureSource> out = new LinkedHashMap<>();
        layers.forEach((id, features) -> out.put(id,
                FeatureSource.of(id + ".geojson", GeometryKind.GEOMETRY, List.of(), features)));
        return out;
    }

    /** Runs an import on another thread (its own connection), for tests of what happens meanwhile. */
    private CompletableFuture<PostgisImporter.Result> importInBackground(Map<String, FeatureSource> layers) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = db.connect()) {
                return PostgisImporter.load(c, catalog, layers);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void exec(String... sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** What a swap must keep of a table: columns, indexes, constraints, grants (not its OID). */
    private List<String> shape(String table) throws SQLException {
        List<String> out = new ArrayList<>();
        out.addAll(rows("SELECT attname || ' ' || format_type(atttypid, atttypmod) || ' ' || attnotnull || ' '"
                + " || coalesce(collname, '') FROM pg_attribute a LEFT JOIN pg_collation k ON k.oid = a.attcollation"
                + " AND a.attcollation <> 0 WHERE attrelid = '" + table + "'::regclass AND attnum > 0"
                + " AND NOT attisdropped ORDER BY attnum"));
        out.addAll(rows("SELECT i.relname || ' ' || pg_get_indexdef(i.oid) || ' ' || coalesce(obj_description(i.oid, 'pg_class'), '')"
                + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                + " WHERE x.indrelid = '" + table + "'::regclass ORDER BY 1"));
        out.addAll(rows("SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = '" + table + "'::regclass ORDER BY 1"));
        out.addAll(rows("SELECT coalesce(relacl::text, '') FROM pg_class WHERE oid = '" + table + "'::regclass"));
        return out;
    }

    private String oid(String table) throws SQLException {
        return rows("SELECT '" + table + "'::regclass::oid").get(0);
    }

    @Test
    void a_plain_table_is_swapped_for_a_fresh_one_with_its_indexes_constraints_and_grants() throws Exception {
        String role = "xiangtu_it_reader_" + Long.toHexString(System.nanoTime());
        exec("CREATE ROLE " + role + " NOLOGIN", "GRANT SELECT ON villages TO " + role,
                "REVOKE TRUNCATE ON villages FROM CURRENT_USER", // the owner's own privileges are copied too
                "ALTER TABLE villages ADD CONSTRAINT villages_population_check CHECK (population >= 0)",
                "COMMENT ON INDEX villages_kind_idx IS '按类型筛选'",
                "CREATE INDEX \"villages ON x USING btree (y)\" ON villages (name)"); // a name like a definition
        try {
            List<String> before = shape("villages");
            assertThat(before).anyMatch(s -> s.contains(role)).anyMatch(s -> s.matches(".*=arwdxt/.*")).anyMatch(s -> s.contains("villages_population_check"))
                    .anyMatch(s -> s.contains("按类型筛选")).anyMatch(s -> s.startsWith("villages_pkey"))
                    .anyMatch(s -> s.startsWith("villages_geom_idx")).anyMatch(s -> s.startsWith("villages ON x"));
            String oid = oid("villages");
            try (Connection c = db.connect()) {
                PostgisImporter.load(c, catalog, inputs(Map.of("villages", data.get("villages"))));
            }
            assertThat(oid("villages")).as("a fresh table").isNotEqualTo(oid);
            assertThat(shape("villages")).isEqualTo(before);
            assertThat(rows("SELECT count(*) FROM villages")).containsExactly(String.valueOf(data.get("villages").size()));
            assertThat(rows("SELECT count(*) FROM pg_class WHERE relname LIKE 'xiangtu_import%'")).containsExactly("0");
            assertThat(rows("SELECT (last_analyze IS NOT NULL OR EXISTS (SELECT 1 FROM pg_statistic"
                    + " WHERE starelid = 'villages'::regclass))::text FROM pg_stat_user_tables WHERE relname = 'villages'"))
                    .as("statistics come with the rows").containsExactly("true");
        } finally {
            exec("ALTER TABLE villages DROP CONSTRAINT villages_population_check", "COMMENT ON INDEX villages_kind_idx IS NULL",
                    "DROP INDEX \"villages ON x USING btree (y)\"",
                    "GRANT ALL ON villages TO CURRENT_USER",
                    "REVOKE ALL ON villages FROM " + role, "DROP ROLE " + role);
        }
    }

    @Test
    void a_table_a_view_depends_on_is_replaced_in_place_and_the_view_keeps_working() throws Exception {
        exec("CREATE VIEW town_names AS SELECT id, name FROM towns");
        try {
            String oid = oid("towns");
            List<Feature> fewer = data.get("towns").subList(0, 3);
            try (Connection c = db.connect()) {
                PostgisImporter.load(c, catalog, inputs(Map.of("towns", fewer)));
            }
            assertThat(oid("towns")).isEqualTo(oid);
            assertThat(rows("SELECT id FROM town_names ORDER BY id"))
                    .containsExactlyElementsOf(fewer.stream().map(Feature::id).sorted().toList());
        } finally {
            exec("DROP VIEW town_names");
        }
    }

    @Test
    void what_a_swap_would_lose_keeps_the_rows_replaced_in_place() throws Exception {
        LayerDef towns = catalog.layer("towns").orElseThrow();
        try (Connection conn = db.connect()) {
            assertThat(TableSwap.whyNot(conn, towns)).isNull();
        }
        String[][] cases = {
            {"CREATE FUNCTION towns_noop() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';"
                    + " CREATE TRIGGER towns_noop BEFORE INSERT ON towns FOR EACH ROW EXECUTE FUNCTION towns_noop()",
                "DROP TRIGGER towns_noop ON towns; DROP FUNCTION towns_noop()", "it has triggers"},
            {"COMMENT ON TABLE towns IS '镇街'", "COMMENT ON TABLE towns IS NULL", "it has a comment"},
            {"ALTER TABLE towns SET (fillfactor = 90)", "ALTER TABLE towns RESET (fillfactor)", "of its storage settings"},
            {"ALTER TABLE towns SET UNLOGGED", "ALTER TABLE towns SET LOGGED", "of its storage settings"},
            {"ALTER TABLE towns ALTER COLUMN name SET STATISTICS 500", "ALTER TABLE towns ALTER COLUMN name SET STATISTICS -1",
                "of column privileges or settings"},
            {"CREATE TABLE town_notes (town_id text COLLATE \"C\" REFERENCES towns (id))", "DROP TABLE town_notes",
                "of its constraints"},
            {"ALTER TABLE towns ENABLE ROW LEVEL SECURITY", "ALTER TABLE towns DISABLE ROW LEVEL SECURITY", "it has row security"},
            {"CREATE VIEW town_names AS SELECT id, name FROM towns", "DROP VIEW town_names", "other objects depend on it"},
            {"CREATE FUNCTION town_label(t towns) RETURNS text LANGUAGE sql AS 'SELECT t.name'",
                "DROP FUNCTION town_label(towns)", "other objects depend on it"},
            {"CREATE STATISTICS towns_code_kind ON code, kind FROM towns", "DROP STATISTICS towns_code_kind",
                "it has extended statistics"},
            {"CLUSTER towns USING towns_pkey", "ALTER TABLE towns SET WITHOUT CLUSTER", "of its storage settings"},
            {"ALTER TABLE towns ADD CONSTRAINT towns_name_check CHECK (name <> '') NOT VALID",
                "ALTER TABLE towns DROP CONSTRAINT towns_name_check", "of its constraints"},
            {"ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC",
                "ALTER DEFAULT PRIVILEGES REVOKE SELECT ON TABLES FROM PUBLIC", "default privileges apply to new tables"},
            {"CREATE PUBLICATION towns_schema FOR TABLES IN SCHEMA public", "DROP PUBLICATION towns_schema",
                "its schema is published"},
        };
        for (String[] c : cases) {
            exec(c[0]);
            try (Connection conn = db.connect()) {
                assertThat(TableSwap.whyNot(conn, towns)).as(c[0]).isEqualTo(c[2]);
            } finally {
                exec(c[1]);
            }
        }
        try (Connection conn = db.connect()) {
            assertThat(TableSwap.whyNot(conn, towns)).isNull();
        }
    }

    @Test
    void readers_are_not_blocked_while_rows_load_and_see_the_new_rows_after_the_commit() throws Exception {
        List<Feature> towns = data.get("towns");
        List<Feature> fewer = towns.subList(0, 2);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        Iterable<Feature> slowly = () -> new java.util.Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                if (n == 1) {
                    loading.countDown();
                    try {
                        assertThat(proceed.await(30, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return n < 2;
            }

            @Override
            public Feature next() {
                return fewer.get(n++);
            }
        };
        FeatureSource slow = FeatureSource.of("towns.geojson", GeometryKind.GEOMETRY, List.of(), slowly);
        CompletableFuture<PostgisImporter.Result> importing = importInBackground(Map.of("towns", slow));
        try {
            assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("SET lock_timeout = '2s'");
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM towns")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the old rows, without waiting").isEqualTo(towns.size());
                }
            }
        } finally {
            proceed.countDown();
        }
        assertThat(importing.get(60, TimeUnit.SECONDS).features()).isEqualTo(2);
        assertThat(rows("SELECT id FROM towns ORDER BY id"))
                .containsExactlyElementsOf(fewer.stream().map(Feature::id).sorted().toList());
    }

    @Test
    void a_table_another_session_holds_gets_the_rows_in_place_instead_of_making_readers_queue() throws Exception {
        List<Feature> fewer = data.get("towns").subList(0, 4);
        String oid = oid("towns");
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM towns")) {
                rs.next(); // the open transaction keeps ACCESS SHARE on towns: a DROP would wait for it
            }
            CompletableFuture<PostgisImporter.Result> importing = importInBackground(inputs(Map.of("towns", fewer)));
            try {
                PostgisImporter.Result result = importing.get(20, TimeUnit.SECONDS);
                assertThat(result.features()).as("the import finishes while the other session still holds the table")
                        .isEqualTo(4);
                assertThat(result.inPlace()).containsEntry("towns", "a lock wait timed out");
            } finally {
                holder.rollback(); // lets a stuck import go on, so that the failure is reported and nothing hangs
                importing.exceptionally(e -> null).get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(oid("towns")).as("rows moved into the same table").isEqualTo(oid);
        assertThat(rows("SELECT id FROM towns ORDER BY id"))
                .containsExactlyElementsOf(fewer.stream().map(Feature::id).sorted().toList());
        assertThat(rows("SELECT count(*) FROM pg_class WHERE relname LIKE 'xiangtu_import%'")).containsExactly("0");
    }

    @Test
    void a_session_that_deadlocks_with_the_swap_makes_every_layer_move_in_place_not_fail() throws Exception {
        List<Feature> district = data.get("district");
        List<Feature> fewer = data.get("towns").subList(0, 5);
        String districtOid = oid("district");
        String townsOid = oid("towns");
        try (Connection holder = db.connect(); Connection watch = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM towns")) {
                rs.next();
            }
            CompletableFuture<PostgisImporter.Result> importing =
                    importInBackground(inputs(Map.of("district", district, "towns", fewer)));
            CompletableFuture<Void> reading = null;
            try {
                // once the swap waits for towns (holding district), the holder asks for district: a deadlock
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (rows(watch, "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'towns'::regclass")
                        .equals("0") && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                reading = CompletableFuture.runAsync(() -> {
                    try (Statement st = holder.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM district")) {
                        rs.next();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                // the swap waited first, so its deadlock check runs first and it is the one that gives way
                PostgisImporter.Result result = importing.get(30, TimeUnit.SECONDS);
                assertThat(result.features()).isEqualTo(district.size() + 5);
                assertThat(result.inPlace()).containsOnlyKeys("district", "towns")
                        .containsValue("a deadlock with another session");
            } finally {
                holder.rollback();
                importing.exceptionally(e -> null).get(60, TimeUnit.SECONDS);
                if (reading != null) {
                    reading.get(60, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(oid("district")).as("moved in place").isEqualTo(districtOid);
        assertThat(oid("towns")).as("moved in place").isEqualTo(townsOid);
        assertThat(rows("SELECT id FROM towns ORDER BY id"))
                .containsExactlyElementsOf(fewer.stream().map(Feature::id).sorted().toList());
        assertThat(rows("SELECT count(*) FROM district")).containsExactly(String.valueOf(district.size()));
    }

    private static String rows(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void a_database_message_names_the_layer_and_its_indexes_not_the_temporary_ones() throws Exception {
        exec("CREATE UNIQUE INDEX towns_name_uq ON towns (name)",
                "ALTER TABLE towns ADD CONSTRAINT towns_code_check CHECK (code <> 'x')");
        try {
            List<Feature> towns = new ArrayList<>(data.get("towns"));
            Feature first = towns.get(0);
            Map<String, Object> props = new LinkedHashMap<>(towns.get(1).properties());
            props.put("name", first.properties().get("name"));
            towns.set(1, new Feature(towns.get(1).id(), towns.get(1).geometry(), props));
            try (Connection c = db.connect()) {
                assertThatThrownBy(() -> PostgisImporter.load(c, catalog, inputs(Map.of("towns", towns))))
                        .hasMessageStartingWith("towns.geojson: ").hasMessageContaining("towns_name_uq")
                        .hasMessageNotContaining("xiangtu_import");
            }
            Map<String, Object> bad = new LinkedHashMap<>(first.properties());
            bad.put("code", "x");
            List<Feature> checked = List.of(new Feature(first.id(), first.geometry(), bad));
            try (Connection c = db.connect()) {
                assertThatThrownBy(() -> PostgisImporter.load(c, catalog, inputs(Map.of("towns", checked))))
                        .hasMessageContaining("towns_code_check").hasMessageContaining("\"towns\"")
                        .hasMessageNotContaining("xiangtu_import");
            }
        } finally {
            exec("DROP INDEX towns_name_uq", "ALTER TABLE towns DROP CONSTRAINT towns_code_check");
        }
    }

    @Test
    void an_edit_holding_a_row_during_the_import_waits_or_is_waited_for_but_never_deadlocks() throws Exception {
        List<Feature> projects = data.get("projects");
        String id = projects.get(0).id();
        try (Connection edit = db.connect(); Connection watch = db.connect()) {
            edit.setAutoCommit(false);
            try (Statement st = edit.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id FROM projects WHERE id = '" + id + "' FOR UPDATE")) {
                rs.next(); // as ProjectEdits does before its UPDATE
            }
            CompletableFuture<PostgisImporter.Result> importing = importInBackground(inputs(Map.of("projects", projects)));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (rows(watch, "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'projects'::regclass")
                        .equals("0") && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                try (Statement st = edit.createStatement()) {
                    st.execute("SET lock_timeout = '10s'");
                    st.executeUpdate("UPDATE projects SET name = name WHERE id = '" + id + "'");
                }
                edit.commit();
                assertThat(importing.get(30, TimeUnit.SECONDS).inPlace()).isEmpty();
            } finally {
                edit.rollback();
                importing.exceptionally(e -> null).get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(rows("SELECT count(*) FROM projects")).containsExactly(String.valueOf(projects.size()));
    }

    @Test
    void grants_made_by_other_roles_keep_the_rows_in_place_and_an_emptied_acl_stays_empty() throws Exception {
        String a = "xiangtu_it_a_" + Long.toHexString(System.nanoTime());
        String b = "xiangtu_it_b_" + Long.toHexString(System.nanoTime());
        LayerDef towns = catalog.layer("towns").orElseThrow();
        exec("CREATE ROLE " + a + " NOLOGIN", "CREATE ROLE " + b + " NOLOGIN",
                "GRANT SELECT ON towns TO " + a + " WITH GRANT OPTION",
                "SET ROLE " + a, "GRANT SELECT ON towns TO " + b, "RESET ROLE");
        try (Connection conn = db.connect()) {
            assertThat(TableSwap.whyNot(conn, towns)).isEqualTo("grants on it were made by other roles");
        } finally {
            exec("REVOKE ALL ON towns FROM " + a + " CASCADE", "DROP ROLE " + b, "DROP ROLE " + a);
        }
        exec("REVOKE ALL ON towns FROM CURRENT_USER");
        try {
            String before = rows("SELECT relacl::text FROM pg_class WHERE oid = 'towns'::regclass").get(0);
            assertThat(before).isEqualTo("{}");
            String oid = oid("towns");
            try (Connection c = db.connect()) {
                PostgisImporter.load(c, catalog, inputs(Map.of("towns", data.get("towns"))));
            }
            assertThat(oid("towns")).isNotEqualTo(oid);
            assertThat(rows("SELECT relacl::text FROM pg_class WHERE oid = 'towns'::regclass")).containsExactly("{}");
        } finally {
            exec("GRANT ALL ON towns TO CURRENT_USER");
        }
    }

    @Test
    void a_running_store_reads_the_swapped_in_table_with_its_prepared_statements() throws Exception {
        List<Feature> fewer = data.get("towns").subList(0, 3);
        try (PostgisStore store = PostgisStore.open(db.url, catalog, PostgisStore.Options.of(10_000, 3_000))) {
            for (int i = 0; i < 8; i++) { // past pgjdbc's prepareThreshold: server-side prepared statements
                assertThat(store.features("towns", FeatureQuery.all(List.of(), 100)).numberMatched())
                        .isEqualTo(data.get("towns").size());
                assertThat(store.geoJsonFeatures("towns", FeatureQuery.all(List.of(), 100)).size())
                        .isEqualTo(data.get("towns").size());
            }
            String oid = oid("towns");
            try (Connection c = db.connect()) {
                assertThat(PostgisImporter.load(c, catalog, inputs(Map.of("towns", fewer))).inPlace()).isEmpty();
            }
            assertThat(oid("towns")).as("swapped").isNotEqualTo(oid);
            assertThat(store.features("towns", FeatureQuery.all(List.of(), 100)).features()).extracting(Feature::id)
                    .containsExactlyElementsOf(fewer.stream().map(Feature::id).sorted().toList());
            assertThat(store.geoJsonFeatures("towns", FeatureQuery.all(List.of(), 100)).size()).isEqualTo(3);
        }
    }

    @Test
    void a_duplicate_id_found_by_the_primary_key_is_named_and_changes_nothing() throws Exception {
        List<String> before = rows("SELECT count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY t.id)) FROM villages t");
        List<Feature> villages = new ArrayList<>(data.get("villages"));
        villages.add(villages.get(5));
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> PostgisImporter.load(c, catalog, inputs(Map.of("villages", villages))))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("villages.geojson: feature '" + villages.get(5).id() + "': duplicate id");
        }
        assertThat(rows("SELECT count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY t.id)) FROM villages t"))
                .isEqualTo(before);
        assertThat(rows("SELECT count(*) FROM pg_class WHERE relname LIKE 'xiangtu_import%'")).containsExactly("0");
    }
}
