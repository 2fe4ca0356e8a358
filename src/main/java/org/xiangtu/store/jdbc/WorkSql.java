package org.xiangtu.store.jdbc;

import java.util.List;

/**
 * The statements a backend runs on the work tables. The tables hold the same columns on every
 * backend ({@code WorkTablesPostgisIT}), so the statements are the same portable SQL
 * ({@link #portable}) but for what a backend names in its {@code *WorkSql} class: how a row is
 * locked, and what else it updates. Every value is bound; the parameter order is the one
 * documented on {@link JdbcWorkStore}'s methods.
 *
 * @param forUpdate appended to {@code projectState} when the row is read to be changed: row locks
 *     where the database has them, empty where writes are serialised anyway
 * @param afterProjectUpdate run after a project update with its time as the only parameter (e.g.
 *     GeoPackage's {@code gpkg_contents.last_change}); may be empty
 * @param lockSessions run first in a session's {@code create}, so that concurrent sign-ins at a
 *     limit take turns (no parameter); empty where writes are serialised anyway
 * @param afterVisit run after a visit is added with its time as the only parameter (e.g. GeoPackage's
 *     {@code gpkg_contents.last_change} of {@code visits} and {@code home_visits}); may be empty
 */
public record WorkSql(String findUser, String listUsers, String insertUser, String setPassword, String deleteUser,
        String insertAudit, String pageAudit, String projectState, String forUpdate, String historySize,
        String updateProject, String appendHistory, List<String> afterProjectUpdate, String lockSessions,
        List<String> afterVisit) {
    static final String USER_COLUMNS = "SELECT name, role, password_hash, created_at, updated_at FROM xiangtu_users";
    static final String AUDIT_COLUMNS = "SELECT seq, at, actor, address, action, target, outcome, detail FROM xiangtu_audit";

    // ---- planner layers: the same portable SQL on every backend (see JdbcPlannerLayerStore) ----

    static final String PLANNER_LAYER_COLUMNS = "SELECT id, title, owner, geometry_kind, fields, features, published, "
            + "source, report, min_x, min_y, max_x, max_y, created_at, updated_at FROM xiangtu_planner_layers";
    /** id, title, owner, geometry kind, fields, source, report, created, updated: no features yet, unpublished. */
    static final String PLANNER_INSERT_LAYER = "INSERT INTO xiangtu_planner_layers (id, title, owner, geometry_kind, "
            + "fields, features, published, source, report, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?)";
    /** features, min x, min y, max x, max y, id: what the stream held, once it is stored. */
    static final String PLANNER_COUNT_LAYER = "UPDATE xiangtu_planner_layers SET features = ?, min_x = ?, min_y = ?, "
            + "max_x = ?, max_y = ? WHERE id = ?";
    /** layer id, number, WKB, min x, min y, max x, max y, properties (JSON). */
    static final String PLANNER_INSERT_FEATURE = "INSERT INTO xiangtu_planner_features (layer_id, seq, geom, min_x, "
            + "min_y, max_x, max_y, properties) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static final String PLANNER_LIST = PLANNER_LAYER_COLUMNS + " ORDER BY created_at, id";
    /** id; the backend's {@code forUpdate} is appended when the row is read to be deleted. */
    static final String PLANNER_FIND = PLANNER_LAYER_COLUMNS + " WHERE id = ?";
    /** published (0/1), updated, id. */
    static final String PLANNER_PUBLISH = "UPDATE xiangtu_planner_layers SET published = ?, updated_at = ? WHERE id = ?";
    static final String PLANNER_DELETE_FEATURES = "DELETE FROM xiangtu_planner_features WHERE layer_id = ?";
    static final String PLANNER_DELETE_LAYER = "DELETE FROM xiangtu_planner_layers WHERE id = ?";
    static final String PLANNER_COUNT = "SELECT count(*) FROM xiangtu_planner_features WHERE layer_id = ?";
    /** layer id, limit, offset. */
    static final String PLANNER_PAGE = "SELECT seq, geom, properties FROM xiangtu_planner_features WHERE layer_id = ? "
            + "ORDER BY seq LIMIT ? OFFSET ?";
    /** layer id, number. */
    static final String PLANNER_FEATURE = "SELECT seq, geom, properties FROM xiangtu_planner_features "
            + "WHERE layer_id = ? AND seq = ?";
    /**
     * The candidates of a bbox query, by their stored bounding box (layer id, box min x, max x, min y,
     * max y); the exact geometry test follows in Java. Features without geometry have no box and
     * are never candidates.
     */
    static final String PLANNER_BBOX_CANDIDATES = "SELECT seq, geom, properties, min_x, min_y, max_x, max_y "
            + "FROM xiangtu_planner_features WHERE layer_id = ? AND max_x >= ? AND min_x <= ? AND max_y >= ? "
            + "AND min_y <= ? ORDER BY seq";

    // ---- the field app: the same portable SQL on every backend (see JdbcFieldStore) ----
    // Geometry goes through ST_X, ST_Y and ST_GeomFromWKB, which PostGIS has and the GeoPackage's
    // connection defines (GpkgFunctions); points only, in EPSG:4490.

    /** Every column of a household, then its position as {@code xt_lon}, {@code xt_lat}. */
    static final String FIELD_HOUSEHOLD_COLUMNS = "SELECT h.*, ST_X(h.geom) AS xt_lon, ST_Y(h.geom) AS xt_lat "
            + "FROM households h";
    /** cadre. */
    static final String FIELD_HOUSEHOLDS = FIELD_HOUSEHOLD_COLUMNS + " WHERE h.cadre = ? ORDER BY h.code, h.id";
    /** code. */
    static final String FIELD_HOUSEHOLD = FIELD_HOUSEHOLD_COLUMNS + " WHERE h.code = ? ORDER BY h.id LIMIT 1";
    /** id. */
    static final String FIELD_VISIT = "SELECT id, household_code, village_code, cadre, at, kind, note, photos, "
            + "ST_X(geom), ST_Y(geom), updated_at, reported FROM visits WHERE id = ?";
    /** Every household, in code order. */
    static final String FIELD_ALL_HOUSEHOLDS = FIELD_HOUSEHOLD_COLUMNS + " ORDER BY h.code, h.id";
    /** No row: the households table's columns and their declared types. */
    static final String FIELD_NO_HOUSEHOLD = "SELECT * FROM households WHERE 1 = 0";
    /** since: the events reported on visits to every household. */
    static final String FIELD_REPORTED = "SELECT household_code, reported, at FROM visits WHERE reported IS NOT NULL "
            + "AND at >= ? ORDER BY household_code, at";
    /**
     * household, since: the events reported on visits to one household (its own statement, not an
     * {@code ? IS NULL OR} filter, so that SQLite uses the index on the household's code).
     */
    static final String FIELD_REPORTED_OF = "SELECT household_code, reported, at FROM visits WHERE reported IS NOT NULL "
            + "AND household_code = ? AND at >= ? ORDER BY at";
    /**
     * id, WKB (or null), household code, village code, cadre, at, kind, note, photos, updated; nothing
     * when the id is taken.
     */
    static final String FIELD_INSERT_VISIT = "INSERT INTO visits (id, geom, household_code, village_code, cadre, at, "
            + "kind, note, photos, updated_at, reported) VALUES (?, ST_GeomFromWKB(?, 4490), ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO NOTHING";
    /** id, village code, month (a date), updated: the month's row with no visits, unless it exists. */
    static final String FIELD_ENSURE_MONTH = "INSERT INTO home_visits (id, village_code, month, visits, updated_at) "
            + "VALUES (?, ?, ?, 0, ?) ON CONFLICT (id) DO NOTHING";
    /** id; the backend's {@code forUpdate} is appended, so that visits to one village and month take turns. */
    static final String FIELD_LOCK_MONTH = "SELECT visits FROM home_visits WHERE id = ?";
    /** village code, {@code YYYY-MM}: the visits of the village in the month of their local time. */
    static final String FIELD_COUNT_MONTH = "SELECT count(*) FROM visits WHERE village_code = ? "
            + "AND substr(at, 1, 7) = ?";
    /** visits, updated, id. */
    static final String FIELD_SET_MONTH = "UPDATE home_visits SET visits = ?, updated_at = ? WHERE id = ?";

    static final String SESSION_COLUMNS = "SELECT token_hash, user_name, role, csrf_hash, created_at, last_seen "
            + "FROM xiangtu_sessions";
    /** Least recently used first: the order in which sessions make room. */
    static final String SESSION_LRU = " ORDER BY last_seen, created_at, token_hash";

    // Sessions: the same on every backend; the parameter order is the one on JdbcSessionStore's methods.
    static final String INSERT_SESSION = "INSERT INTO xiangtu_sessions (token_hash, user_name, role, csrf_hash, "
            + "created_at, last_seen) VALUES (?, ?, ?, ?, ?, ?)";
    static final String FIND_SESSION = SESSION_COLUMNS + " WHERE token_hash = ?";
    static final String TOUCH_SESSION = "UPDATE xiangtu_sessions SET last_seen = ? WHERE token_hash = ? "
            + "AND last_seen <= ?";
    static final String DELETE_SESSION = "DELETE FROM xiangtu_sessions WHERE token_hash = ?";
    static final String DELETE_USER_SESSIONS = "DELETE FROM xiangtu_sessions WHERE user_name = ?";
    static final String SWEEP_SESSIONS = "DELETE FROM xiangtu_sessions WHERE last_seen < ? OR created_at < ?";
    static final String COUNT_SESSIONS = "SELECT count(*) FROM xiangtu_sessions";
    static final String COUNT_USER_SESSIONS = "SELECT count(*) FROM xiangtu_sessions WHERE user_name = ?";
    static final String EVICT_USER_SESSIONS = "DELETE FROM xiangtu_sessions WHERE token_hash IN (SELECT token_hash "
            + "FROM xiangtu_sessions WHERE user_name = ?" + SESSION_LRU + " LIMIT ?)";
    static final String EVICT_SESSIONS = "DELETE FROM xiangtu_sessions WHERE token_hash IN (SELECT token_hash "
            + "FROM xiangtu_sessions" + SESSION_LRU + " LIMIT ?)";

    /** The statements in SQL that SQLite and PostgreSQL both run, with the backend's four differences. */
    public static WorkSql portable(String forUpdate, List<String> afterProjectUpdate, String lockSessions,
            List<String> afterVisit) {
        return new WorkSql(
                USER_COLUMNS + " WHERE name = ?",
                USER_COLUMNS + " ORDER BY name",
                "INSERT INTO xiangtu_users (name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (name) DO NOTHING",
                "UPDATE xiangtu_users SET password_hash = ?, updated_at = ? WHERE name = ?",
                "DELETE FROM xiangtu_users WHERE name = ?",
                "INSERT INTO xiangtu_audit (at, actor, address, action, target, outcome, detail) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                AUDIT_COLUMNS + " WHERE (? IS NULL OR action = ?) AND (? IS NULL OR actor = ?) "
                        + "ORDER BY seq DESC LIMIT ? OFFSET ?",
                "SELECT status, progress_pct, updated_at FROM projects WHERE id = ?",
                forUpdate,
                "SELECT count(*) FROM project_updates WHERE project_id = ?",
                "UPDATE projects SET status = ?, progress_pct = ?, updated_at = ? WHERE id = ?",
                "INSERT INTO project_updates (id, project_id, at, progress_pct, status, note, \"by\", updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                afterProjectUpdate,
                lockSessions,
                afterVisit);
    }
}
