package org.xiangtu.store.jdbc;

import java.util.List;

/**
 * The statements of {@link JdbcHouseholdChangeStore}: the same portable SQL on both backends, the
 * tables' declarations for the GeoPackage (PostGIS declares them in Flyway's
 * {@code V8__household_changes.sql}), and the column names only ever come from
 * {@code HouseholdChangeStore.EDITABLE} or {@code HouseholdFigures.VILLAGE_FIELDS}, never from a request.
 */
public final class HouseholdChangeSql {
    /** Plain SQLite tables, as the other work tables: not in {@code gpkg_contents}. */
    public static final List<String> GEOPACKAGE_TABLES = List.of(
            "CREATE TABLE IF NOT EXISTS household_changes (household_code TEXT NOT NULL, version INTEGER NOT NULL, "
                    + "field TEXT NOT NULL, update_id TEXT NOT NULL, old_value TEXT, new_value TEXT, cadre TEXT, "
                    + "at TEXT, applied_at TEXT NOT NULL, PRIMARY KEY (household_code, version, field))",
            "CREATE TABLE IF NOT EXISTS household_updates (id TEXT PRIMARY KEY NOT NULL, household_code TEXT NOT NULL, "
                    + "cadre TEXT, base_version INTEGER NOT NULL, at TEXT, outcome TEXT NOT NULL, stored_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS household_reviews (id TEXT PRIMARY KEY NOT NULL, household_code TEXT NOT NULL, "
                    + "village_code TEXT, field TEXT NOT NULL, base_value TEXT, current_value TEXT, proposed_value TEXT, "
                    + "cadre TEXT, at TEXT, status TEXT NOT NULL CHECK (status IN ('open', 'resolved')), "
                    + "resolution TEXT CHECK (resolution IN ('current', 'proposed')), resolved_by TEXT, "
                    + "resolved_at TEXT, created_at TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS household_reviews_status_idx ON household_reviews (status, village_code)");

    /** household code. */
    static final String VERSION = "SELECT coalesce(max(version), 0) FROM household_changes WHERE household_code = ?";
    /** cadre. */
    static final String VERSIONS = "SELECT c.household_code, max(c.version) FROM household_changes c "
            + "JOIN households h ON h.code = c.household_code WHERE h.cadre = ? GROUP BY c.household_code";
    /** code; the backend's {@code forUpdate} is appended. */
    static final String LOCK_HOUSEHOLD = "SELECT village_code FROM households WHERE code = ?";
    /** village code; the backend's {@code forUpdate} is appended, so that one village's changes take turns. */
    static final String LOCK_VILLAGE = "SELECT code FROM villages WHERE code = ?";
    /** code: the editable fields as they are now. */
    static final String CURRENT = "SELECT * FROM households WHERE code = ?";
    /** household code, field, base version: was the field changed since? */
    static final String CHANGED_SINCE = "SELECT count(*) FROM household_changes WHERE household_code = ? "
            + "AND field = ? AND version > ?";
    /** id. */
    static final String FIND_UPDATE = "SELECT outcome FROM household_updates WHERE id = ?";
    /** id, household code, cadre, base version, at, outcome (JSON), stored. */
    static final String INSERT_UPDATE = "INSERT INTO household_updates (id, household_code, cadre, base_version, at, "
            + "outcome, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    /** household code, version, field, update id, old, new, cadre, at, applied. */
    static final String INSERT_CHANGE = "INSERT INTO household_changes (household_code, version, field, update_id, "
            + "old_value, new_value, cadre, at, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String REVIEW_COLUMNS = "SELECT id, household_code, village_code, field, base_value, current_value, "
            + "proposed_value, cadre, at, status, resolution, resolved_by, resolved_at FROM household_reviews";
    /** id, household, village, field, base, current, proposed, cadre, at, created. */
    static final String INSERT_REVIEW = "INSERT INTO household_reviews (id, household_code, village_code, field, "
            + "base_value, current_value, proposed_value, cadre, at, status, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)";
    /** cadre: the cadre's updates, oldest first. */
    static final String CADRE_UPDATES = "SELECT id, household_code, at, outcome, stored_at FROM household_updates "
            + "WHERE cadre = ? ORDER BY stored_at, id";
    /** cadre: the reviews the cadre's updates opened. */
    static final String CADRE_REVIEWS = REVIEW_COLUMNS + " WHERE cadre = ?";
    /** status. */
    static final String REVIEWS = REVIEW_COLUMNS + " WHERE status = ? ORDER BY created_at, id";
    /** id; the backend's {@code forUpdate} is appended when it is read to be resolved. */
    static final String REVIEW = REVIEW_COLUMNS + " WHERE id = ?";
    static final String OPEN_BY_VILLAGE = "SELECT village_code, count(*) FROM household_reviews WHERE status = 'open' "
            + "GROUP BY village_code ORDER BY village_code";
    /** resolution, by, at, id. */
    static final String RESOLVE = "UPDATE household_reviews SET status = 'resolved', resolution = ?, resolved_by = ?, "
            + "resolved_at = ? WHERE id = ? AND status = 'open'";
    /** village code: what {@code HouseholdFigures.villageFields} reads of each household. */
    static final String VILLAGE_HOUSEHOLDS = "SELECT class, size, extreme_poor_people FROM households "
            + "WHERE village_code = ?";
    /** The GeoPackage's own: the layers' last change (the time). */
    static final String GPKG_LAST_CHANGE = "UPDATE gpkg_contents SET last_change = ? "
            + "WHERE table_name IN ('households', 'villages')";

    private HouseholdChangeSql() {
    }

    /** Sets the fields (named by the caller from the fixed lists) and {@code updated_at}: values…, at, key. */
    static String set(String table, List<String> fields, String key) {
        StringBuilder sb = new StringBuilder("UPDATE ").append(table).append(" SET ");
        for (String f : fields) {
            sb.append('"').append(f).append("\" = ?, ");
        }
        return sb.append("updated_at = ? WHERE ").append(key).append(" = ?").toString();
    }
}
