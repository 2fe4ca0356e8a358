package org.xiangtu.store.postgis;

import org.xiangtu.testing.RequiresPostgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.I18n;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.testing.TestDatabase;

/**
 * The Flyway migrations against the catalogue: migrated from nothing, the schema is exactly the
 * catalogue's — every layer a table, every field a column of its type, geometry typed, EPSG:4490 and
 * GiST indexed. When the catalogue changes without a migration this test fails, naming the SQL the
 * next migration needs.
 */
@RequiresPostgis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgisSchemaIT {
    private TestDatabase db;
    private Catalog catalog;

    @BeforeAll
    void migrate() {
        db = TestDatabase.create();
        catalog = CatalogLoader.read(DataSource.folder(Path.of("data")));
        assertThat(PostgisSchema.migrate(PostgisConnections.simple(db.url, 5000)).migrationsExecuted).isPositive();
    }

    @AfterAll
    void drop() {
        if (db != null) {
            db.close();
        }
    }

    private static Catalog withLayer(Catalog c, LayerDef changed) {
        List<LayerDef> layers = new ArrayList<>(c.layers().stream().filter(l -> !l.id().equals(changed.id())).toList());
        layers.add(changed);
        return new Catalog(c.schema(), c.version(), c.title(), c.notice(), c.groups(), layers);
    }

    private static LayerDef withFields(LayerDef l, String id, List<FieldDef> fields) {
        return new LayerDef(id, l.title(), l.description(), l.group(), l.geometry(), l.file(), l.synthetic(), l.order(),
                l.pages(), null, l.style(), null, fields);
    }

    @Test
    void the_migrations_give_exactly_the_schema_the_catalogue_describes() throws Exception {
        try (Connection c = db.connect()) {
            List<String> problems = PostgisSchema.check(c, catalog, true);
            assertThat(problems).as("the catalogue changed without a migration: add "
                    + "src/main/resources/db/migration/V<next>__<what>.sql doing what is listed").isEmpty();
        }
    }

    @Test
    void migrating_again_applies_nothing() {
        assertThat(PostgisSchema.migrate(PostgisConnections.simple(db.url, 5000)).migrationsExecuted).isZero();
    }

    @Test
    void a_catalogue_field_without_a_migration_is_reported_with_the_sql_to_add_it() throws Exception {
        LayerDef villages = catalog.layer("villages").orElseThrow();
        List<FieldDef> fields = new ArrayList<>(villages.fields());
        fields.add(new FieldDef("toilets_renovated", FieldType.INTEGER, new I18n("改厕户数", "Toilets renovated"), null,
                Visibility.PUBLIC, null));
        Catalog changed = withLayer(catalog, withFields(villages, "villages", fields));
        try (Connection c = db.connect()) {
            assertThat(PostgisSchema.check(c, changed, false)).singleElement().asString()
                    .contains("villages", "toilets_renovated",
                            "ALTER TABLE \"villages\" ADD COLUMN \"toilets_renovated\" bigint");
        }
        assertThatThrownBy(() -> PostgisStore.open(db.url, changed, PostgisStore.Options.of(1000, 1000)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not fit the catalogue")
                .hasMessageContaining("toilets_renovated");
    }

    @Test
    void a_new_layer_without_a_migration_is_reported_with_its_create_table() throws Exception {
        LayerDef roads = catalog.layer("roads").orElseThrow();
        Catalog changed = withLayer(catalog, withFields(roads, "bridges", roads.fields()));
        try (Connection c = db.connect()) {
            assertThat(PostgisSchema.check(c, changed, true)).singleElement().asString()
                    .contains("'bridges' has no table", "CREATE TABLE \"bridges\"", "geometry(MultiLineString, 4490)",
                            "USING gist");
        }
    }

    @Test
    void a_column_of_another_type_or_a_column_the_catalogue_lacks_is_reported() throws Exception {
        LayerDef towns = catalog.layer("towns").orElseThrow();
        List<FieldDef> fields = new ArrayList<>();
        for (FieldDef f : towns.fields()) {
            if (!f.name().equals("pinyin")) {
                fields.add(f.name().equals("code")
                        ? new FieldDef("code", FieldType.INTEGER, f.title(), null, f.visibility(), null) : f);
            }
        }
        Catalog changed = withLayer(catalog, withFields(towns, "towns", fields));
        try (Connection c = db.connect()) {
            assertThat(PostgisSchema.check(c, changed, true)).containsExactlyInAnyOrder(
                    "table 'towns': column 'code' is text, the catalogue needs int8",
                    "table 'towns': column 'pinyin' is not a field of layer 'towns' in the catalogue");
            assertThat(PostgisSchema.check(c, changed, false)).containsExactly(
                    "table 'towns': column 'code' is text, the catalogue needs int8");
        }
    }

    @Test
    void the_filtered_fields_and_updated_at_are_indexed_and_ids_sort_in_code_point_order() throws Exception {
        Set<String> indexed = new HashSet<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")) {
            while (rs.next()) {
                indexed.add(rs.getString(1));
            }
        }
        for (LayerDef layer : catalog.layers()) {
            assertThat(indexed).contains(layer.id() + "_pkey", layer.id() + "_updated_at_idx");
            for (FieldDef f : layer.fields()) {
                if (Set.of("code", "town_code", "village_code", "kind", "status", "project_id").contains(f.name())) {
                    assertThat(indexed).contains(layer.id() + "_" + f.name() + "_idx");
                }
            }
        }
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT collation_name FROM information_schema.columns WHERE table_name = 'villages' AND column_name = 'id'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("C");
        }
    }
}
