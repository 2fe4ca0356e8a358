package org.xiangtu.store.postgis;

import org.xiangtu.testing.RequiresPostgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xiangtu.App;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.WorkStore;
import org.xiangtu.store.geopackage.GeoPackageStore;
import org.xiangtu.store.geopackage.Sqlite;
import org.xiangtu.testing.TestDatabase;

/**
 * The work tables are declared once per backend (the GeoPackage's {@code GeoPackageWorkSql}, the
 * Flyway migrations for PostGIS): both must hold the same columns, in the same order, with the same
 * kind of value and the same nullability, so the shared statements mean the same on both.
 */
@RequiresPostgis
class WorkTablesPostgisIT {
    static final List<String> WORK_TABLES = List.of("xiangtu_users", "xiangtu_audit", "xiangtu_planner_layers",
            "xiangtu_planner_features", "xiangtu_sessions", "xiangtu_layer_versions", "xiangtu_layer_version_features");
    /** GeoPackage (SQLite) declared type → the PostgreSQL types that hold the same values. */
    static final Map<String, List<String>> SAME_KIND = Map.of("TEXT", List.of("text", "timestamp with time zone"),
            "INTEGER", List.of("integer", "bigint"), "REAL", List.of("double precision"), "BLOB", List.of("bytea"));

    record Column(String name, String type, boolean notNull) {
    }

    @Test
    void both_backends_hold_the_same_columns_for_the_work_tables(@TempDir Path dir) throws Exception {
        DataSource data = DataSource.folder(Path.of("src/test/resources/fixtures"));
        Catalog catalog = CatalogLoader.read(data);
        Path gpkg = dir.resolve("work.gpkg");
        try (GeoPackageStore store = App.openGeoPackage(gpkg, catalog, data); WorkStore work = store.openWork()) {
            work.users().list(); // the work tables exist once the work store is open
        }
        assertThat(Files.exists(gpkg)).isTrue();
        try (TestDatabase db = TestDatabase.create()) {
            PostgisSchema.migrate(PostgisConnections.simple(db.url, 5000));
            try (Connection sqlite = Sqlite.open(gpkg); Connection pg = db.connect()) {
                for (String table : WORK_TABLES) {
                    List<Column> g = sqliteColumns(sqlite, table);
                    List<Column> p = postgresColumns(pg, table);
                    assertThat(g).as(table + " on GeoPackage").isNotEmpty();
                    assertThat(p.stream().map(Column::name).toList()).as(table)
                            .containsExactlyElementsOf(g.stream().map(Column::name).toList());
                    for (int i = 0; i < g.size(); i++) {
                        Column a = g.get(i);
                        Column b = p.get(i);
                        assertThat(SAME_KIND.get(a.type())).as(table + "." + a.name() + " " + a.type() + " vs " + b.type())
                                .contains(b.type());
                        assertThat(b.notNull()).as(table + "." + a.name() + " NOT NULL").isEqualTo(a.notNull());
                    }
                }
            }
        }
    }

    private static List<Column> sqliteColumns(Connection c, String table) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) { // a primary key is NOT NULL on PostgreSQL whatever it says
                    out.add(new Column(rs.getString(1), rs.getString(2).toUpperCase(Locale.ROOT),
                            rs.getInt(3) == 1 || rs.getInt(4) > 0));
                }
            }
        }
        return out;
    }

    private static List<Column> postgresColumns(Connection c, String table) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, is_nullable = 'NO' "
                + "FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Column(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
        }
        return out;
    }
}
