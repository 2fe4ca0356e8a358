package org.xiangtu.store.postgis;

import org.xiangtu.testing.RequiresPostgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeaturePage;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.FeatureStoreContract;
import org.xiangtu.store.StoreUnavailableException;
import org.xiangtu.store.geopackage.GeoPackageBuilder;
import org.xiangtu.store.geopackage.GeoPackageStore;
import org.xiangtu.testing.TestDatabase;

/**
 * The PostGIS store on the machine's PostgreSQL (a fresh database per run): the
 * {@link FeatureStoreContract}, the same pages as the GeoPackage store for the same queries, and the
 * statement timeout.
 */
@RequiresPostgis
class PostgisStoreIT extends FeatureStoreContract {
    private TestDatabase db;

    @Override
    protected FeatureStore open(String name, Catalog catalog, DataSource data, Map<String, List<Feature>> layers)
            throws SQLException {
        if (db == null) {
            db = TestDatabase.create();
        }
        PostgisSchema.migrate(PostgisConnections.simple(db.url, 5000));
        try (Connection c = db.connect()) {
            createMissingTables(c, catalog);
            PostgisImporter.load(c, catalog, layers, Map.of());
        }
        return PostgisStore.open(db.url, catalog, PostgisStore.Options.of(10_000, 3_000));
    }

    /** The fixture layers are not in the migrations (they are not the product's): create them as V2 would. */
    static void createMissingTables(Connection c, Catalog catalog) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (LayerDef layer : catalog.layers()) {
                boolean exists;
                try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + layer.id() + "')")) {
                    rs.next();
                    exists = rs.getString(1) != null;
                }
                if (!exists) {
                    for (String ddl : PostgisSql.createTable(layer)) {
                        st.execute(ddl);
                    }
                }
            }
        }
    }

    @Override
    protected void cleanUp() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void the_same_queries_give_the_same_pages_as_the_geopackage_store(@TempDir Path dir) {
        Path file = dir.resolve("county.gpkg");
        GeoPackageBuilder.build(county, countyData, file, "test", null);
        Random random = new Random(7);
        try (GeoPackageStore gpkg = GeoPackageStore.open(file, county)) {
            assertThat(countyStore.collections()).isEqualTo(gpkg.collections());
            for (LayerDef layer : county.layers()) {
                List<String> props = layer.fields().stream().map(FieldDef::name).toList();
                for (int n = 0; n < 20; n++) {
                    Envelope box = null;
                    if (layer.isSpatial() && n % 2 == 0) {
                        double x = 105.9 + random.nextDouble() * 0.3;
                        double y = 29.7 + random.nextDouble() * 0.3;
                        box = new Envelope(x, x + random.nextDouble() * 0.1, y, y + random.nextDouble() * 0.1);
                    }
                    int limit = 1 + random.nextInt(5);
                    int offset = random.nextInt(4);
                    FeatureQuery q = new FeatureQuery(box, Map.of(), null, props, limit, offset);
                    FeaturePage a = countyStore.features(layer.id(), q);
                    FeaturePage b = gpkg.features(layer.id(), q);
                    assertThat(a.numberMatched()).as(layer.id() + " " + q).isEqualTo(b.numberMatched());
                    assertThat(a.features()).extracting(Feature::id).as(layer.id() + " " + q)
                            .containsExactlyElementsOf(b.features().stream().map(Feature::id).toList());
                    for (int i = 0; i < a.features().size(); i++) {
                        Feature fa = a.features().get(i);
                        Feature fb = b.features().get(i);
                        assertThat(fa.properties()).isEqualTo(fb.properties());
                        assertThat(fa.geometry() == null ? fb.geometry() == null
                                : fa.geometry().equalsExact(fb.geometry())).as(fa.id()).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void the_configured_statement_timeout_is_set_on_every_pooled_connection() throws Exception {
        try (PostgisStore s = PostgisStore.open(db.url, county, new PostgisStore.Options(1234, 2000, 3))) {
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Connection c = s.pool().getConnection();
                    held.add(c);
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo("1234ms");
                    }
                }
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
        }
    }

    @Test
    void a_query_held_up_past_the_statement_timeout_gives_store_unavailable_and_then_recovers() throws Exception {
        try (PostgisStore s = PostgisStore.open(db.url, county, new PostgisStore.Options(300, 2000, 2));
                Connection locker = db.connect()) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE villages IN ACCESS EXCLUSIVE MODE"); // as a schema change would
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.features("villages", FeatureQuery.all(List.of("name"), 10)))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("statement timeout");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
            locker.rollback();
            assertThat(s.features("villages", FeatureQuery.all(List.of("name"), 10)).numberMatched())
                    .isEqualTo(countyData.get("villages").size());
        }
    }

    @Test
    void the_location_names_host_port_and_database_but_never_the_password() {
        DatabaseUrl withPassword = DatabaseUrl.parse(db.url.jdbcUrl() + "?user=someone&password=s3cret");
        assertThat(withPassword.toString()).doesNotContain("s3cret").contains(db.url.database(), "someone");
        assertThat(withPassword.jdbcUrl()).doesNotContain("s3cret");
        assertThat(countyStore.location()).contains(db.url.hostPort(), db.url.database()).doesNotContain("password");
    }
}
