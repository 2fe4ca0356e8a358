package org.xiangtu.store.postgis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;

/**
 * The database schema: Flyway owns it ({@code src/main/resources/db/migration}, V1 the PostGIS
 * extension, V2 one table per catalogue layer, later versions every catalogue change), and
 * {@link #check} compares it with the catalogue so that a catalogue change without a migration is
 * found at start-up and in CI, not by a failing query.
 */
public final class PostgisSchema {
    private static final Logger LOG = LoggerFactory.getLogger(PostgisSchema.class);
    /** Tables in the schema that are not layers: Flyway's history, PostGIS's SRS table and the work tables. */
    static final Set<String> OWN_TABLES = Set.of("flyway_schema_history", "spatial_ref_sys", "xiangtu_users",
            "xiangtu_audit", "xiangtu_planner_layers", "xiangtu_planner_features", "xiangtu_sessions",
            // the field app's (issue 16): household changes and reviews, photos and their unfinished uploads
            "household_changes", "household_updates", "household_reviews", "field_photos", "xiangtu_photo_uploads",
            "xiangtu_photo_chunks", "xiangtu_layer_versions", "xiangtu_layer_version_features");

    private PostgisSchema() {
    }

    /** Applies every pending migration (Flyway takes a lock, so concurrent starts are safe). */
    public static MigrateResult migrate(DataSource db) {
        Flyway flyway = Flyway.configure()
                .dataSource(db)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
        MigrateResult result = flyway.migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Database schema migrated to version {} ({} migrations applied)", result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
        return result;
    }

    /**
     * What is wrong with the schema for this catalogue, one sentence each; empty when it fits.
     *
     * @param exact also report what the catalogue does not know (extra tables and columns) and missing
     *     GiST indexes — the check of the migrations against the catalogue in CI; the start-up check
     *     only needs what the store reads
     */
    public static List<String> check(Connection c, Catalog catalog, boolean exact) throws SQLException {
        List<String> problems = new ArrayList<>();
        Set<String> tables = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PostgisSql.TABLES)) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (LayerDef layer : catalog.layers()) {
            if (!tables.contains(layer.id())) {
                problems.add("layer '" + layer.id() + "' has no table; a migration should: "
                        + String.join("; ", PostgisSql.createTable(layer)));
                continue;
            }
            checkTable(c, layer, exact, problems);
        }
        if (exact) {
            Set<String> extra = new HashSet<>(tables);
            extra.removeAll(catalog.layerIds());
            extra.removeAll(OWN_TABLES);
            extra.stream().sorted().forEach(t -> problems.add("table '" + t + "' is not a layer of the catalogue"));
        }
        return problems;
    }

    private static void checkTable(Connection c, LayerDef layer, boolean exact, List<String> problems)
            throws SQLException {
        String where = "table '" + layer.id() + "'";
        Map<String, String[]> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(PostgisSql.COLUMNS)) {
            ps.setString(1, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("id", "text");
        if (layer.isSpatial()) {
            expected.put("geom", "geometry");
        }
        for (FieldDef f : layer.fields()) {
            expected.put(f.name(), PostgisSql.udtName(f.type()));
        }
        expected.put("updated_at", "timestamptz");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String[] actual = columns.get(e.getKey());
            if (actual == null) {
                String fix = layer.field(e.getKey()).map(f -> "; a migration should: " + PostgisSql.addColumn(layer, f))
                        .orElse("");
                problems.add(where + " has no column '" + e.getKey() + "'" + fix);
            } else if (!actual[0].equals(e.getValue())) {
                problems.add(where + ": column '" + e.getKey() + "' is " + actual[0] + ", the catalogue needs "
                        + e.getValue());
            }
        }
        if (columns.containsKey("updated_at") && !"NO".equals(columns.get("updated_at")[1])) {
            problems.add(where + ": column 'updated_at' must be NOT NULL");
        }
        if (exact) {
            columns.keySet().stream().filter(n -> !expected.containsKey(n)).forEach(n ->
                    problems.add(where + ": column '" + n + "' is not a field of layer '" + layer.id() + "' in the catalogue"));
            checkPrimaryKey(c, layer, problems);
        }
        if (layer.isSpatial() && columns.containsKey("geom")) {
            checkGeometry(c, layer, exact, problems);
        }
    }

    private static void checkPrimaryKey(Connection c, LayerDef layer, List<String> problems) throws SQLException {
        List<String> pk = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PostgisSql.PRIMARY_KEY)) {
            ps.setString(1, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pk.add(rs.getString(1));
                }
            }
        }
        if (!pk.equals(List.of("id"))) {
            problems.add("table '" + layer.id() + "': the primary key must be (id), not " + pk);
        }
    }

    private static void checkGeometry(Connection c, LayerDef layer, boolean exact, List<String> problems)
            throws SQLException {
        String where = "table '" + layer.id() + "'";
        try (PreparedStatement ps = c.prepareStatement(PostgisSql.GEOMETRY_COLUMN)) {
            ps.setString(1, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    problems.add(where + ": column 'geom' is not a registered geometry column");
                    return;
                }
                String type = rs.getString(1);
                String want = PostgisSql.geometryType(layer.geometry());
                if (!want.equalsIgnoreCase(type)) {
                    problems.add(where + ": column 'geom' is " + type + ", the catalogue says " + layer.geometry().json());
                }
                if (rs.getInt(2) != 4490) {
                    problems.add(where + ": column 'geom' has SRID " + rs.getInt(2) + ", must be 4490 (CGCS2000)");
                }
                if (rs.getInt(3) != 2) {
                    problems.add(where + ": column 'geom' must be 2D (XY)");
                }
            }
        }
        if (exact) {
            try (PreparedStatement ps = c.prepareStatement(PostgisSql.GIST_INDEXED)) {
                ps.setString(1, layer.id());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        problems.add(where + ": column 'geom' has no GiST index");
                    }
                }
            }
        }
    }
}
