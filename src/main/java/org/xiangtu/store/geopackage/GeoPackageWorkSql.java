package org.xiangtu.store.geopackage;

import java.util.List;
import org.xiangtu.store.jdbc.WorkSql;

/**
 * The work tables of the GeoPackage (users, sessions, audit, planner layers) and the statements that
 * are its own: the one place they are declared for this backend (PostGIS declares its own in the
 * Flyway migrations {@code V3__accounts.sql}, {@code V4__planner_layers.sql} and
 * {@code V5__sessions.sql}, {@code V12__layer_versions.sql}; {@code WorkTablesPostgisIT} checks both hold the same columns).
 * Timestamps are ISO-8601 UTC text, as GeoPackage's DATETIME, whose fixed width makes text order
 * time order.
 */
final class GeoPackageWorkSql {
    /** Plain SQLite tables, not registered in {@code gpkg_contents}, so GIS tools do not list them. */
    static final List<String> WORK_TABLES = List.of(
            "CREATE TABLE IF NOT EXISTS xiangtu_users (name TEXT PRIMARY KEY NOT NULL, role TEXT NOT NULL, "
                    + "password_hash TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS xiangtu_audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, "
                    + "actor TEXT, address TEXT, action TEXT NOT NULL, target TEXT, outcome TEXT NOT NULL, detail TEXT)",
            "CREATE TABLE IF NOT EXISTS xiangtu_planner_layers (id TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL, "
                    + "owner TEXT NOT NULL, geometry_kind TEXT NOT NULL, fields TEXT NOT NULL, features INTEGER NOT NULL, "
                    + "published INTEGER NOT NULL DEFAULT 0, source TEXT, report TEXT, min_x REAL, min_y REAL, "
                    + "max_x REAL, max_y REAL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS xiangtu_planner_features (layer_id TEXT NOT NULL REFERENCES "
                    + "xiangtu_planner_layers (id) ON DELETE CASCADE, seq INTEGER NOT NULL, geom BLOB, min_x REAL, "
                    + "min_y REAL, max_x REAL, max_y REAL, properties TEXT NOT NULL, PRIMARY KEY (layer_id, seq))",
            "CREATE INDEX IF NOT EXISTS xiangtu_planner_features_bbox_idx ON xiangtu_planner_features "
                    + "(layer_id, min_x, max_x)",
            "CREATE TABLE IF NOT EXISTS xiangtu_sessions (token_hash TEXT PRIMARY KEY NOT NULL, "
                    + "user_name TEXT NOT NULL, role TEXT NOT NULL, csrf_hash TEXT NOT NULL, created_at TEXT NOT NULL, "
                    + "last_seen TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS xiangtu_sessions_user_idx ON xiangtu_sessions (user_name, last_seen)",
            "CREATE INDEX IF NOT EXISTS xiangtu_sessions_seen_idx ON xiangtu_sessions (last_seen)",
            "CREATE TABLE IF NOT EXISTS xiangtu_layer_versions (layer_id TEXT NOT NULL, version INTEGER NOT NULL, "
                    + "action TEXT NOT NULL, at TEXT NOT NULL, actor TEXT, rolled_back_to INTEGER, written INTEGER NOT NULL, "
                    + "removed INTEGER NOT NULL, kept INTEGER NOT NULL, PRIMARY KEY (layer_id, version))",
            "CREATE TABLE IF NOT EXISTS xiangtu_layer_version_features (layer_id TEXT NOT NULL, version INTEGER NOT NULL, "
                    + "seq INTEGER NOT NULL, id TEXT NOT NULL, geom BLOB, properties TEXT NOT NULL, "
                    + "PRIMARY KEY (layer_id, version, seq))");

    /**
     * Indexes on the catalogue's {@code visits} table, made when it exists: a visit recounts its village's
     * visits in its month ({@code WorkSql.FIELD_COUNT_MONTH}), which without this index reads the whole table
     * (about 5 ms a visit on the demo county's 50,000 visits; 0.01 ms with it). PostGIS: {@code V10__visit_month_index.sql}.
     */
    static final List<String> FIELD_INDEXES = List.of(
            "CREATE INDEX IF NOT EXISTS visits_village_month_idx ON visits (village_code, substr(at, 1, 7))");

    /**
     * Rows written by the running product (users, audit entries) rather than built from data. Sessions
     * do not count: a rebuild that loses them only asks users to sign in again.
     */
    static final String WORK_ROWS = "SELECT (SELECT count(*) FROM xiangtu_users) + (SELECT count(*) FROM xiangtu_audit)";

    /**
     * One writer at a time, so no row locks and nothing to take turns on; an edit of a layer (a project
     * update, a visit) also marks {@code gpkg_contents.last_change}.
     */
    static final WorkSql SQL = WorkSql.portable("", List.of(
            "UPDATE gpkg_contents SET last_change = ? WHERE table_name IN ('projects', 'project_updates')"), "",
            List.of("UPDATE gpkg_contents SET last_change = ? WHERE table_name IN ('visits', 'home_visits')"));

    private GeoPackageWorkSql() {
    }
}
