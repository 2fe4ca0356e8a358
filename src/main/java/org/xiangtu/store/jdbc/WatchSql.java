package org.xiangtu.store.jdbc;

import java.util.Collections;
import java.util.List;

/**
 * The relapse watch's tables and statements ({@link JdbcWatchStore}), the same SQL on SQLite and
 * PostgreSQL (there the tables come from Flyway, {@code V11__visit_reported.sql}); every value bound.
 */
public final class WatchSql {
    /** Plain SQLite tables, as the other work tables: not in {@code gpkg_contents}. */
    public static final List<String> GEOPACKAGE_TABLES = List.of(
            "CREATE TABLE IF NOT EXISTS watch_alerts (id TEXT PRIMARY KEY NOT NULL, rule TEXT NOT NULL, "
                    + "household_code TEXT NOT NULL, village_code TEXT NOT NULL, cadre TEXT, tier TEXT NOT NULL, "
                    + "actor TEXT NOT NULL, opened_at TEXT NOT NULL, due_on TEXT NOT NULL, reason TEXT, "
                    + "status TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'not_confirmed')), closed_at TEXT, "
                    + "closed_by TEXT, visit_id TEXT, note TEXT)",
            "CREATE UNIQUE INDEX IF NOT EXISTS watch_alerts_open_idx ON watch_alerts (rule, household_code) "
                    + "WHERE status = 'open'",
            "CREATE INDEX IF NOT EXISTS watch_alerts_village_idx ON watch_alerts (village_code, status)",
            "CREATE INDEX IF NOT EXISTS watch_alerts_cadre_idx ON watch_alerts (cadre, status)",
            "CREATE INDEX IF NOT EXISTS watch_alerts_household_idx ON watch_alerts (household_code)",
            "CREATE TABLE IF NOT EXISTS watch_monitoring (household_code TEXT NOT NULL, village_code TEXT NOT NULL, "
                    + "since TEXT NOT NULL, alert_id TEXT, measure TEXT, ended_on TEXT, end_reason TEXT, ended_by TEXT)",
            "CREATE UNIQUE INDEX IF NOT EXISTS watch_monitoring_current_idx ON watch_monitoring (household_code) "
                    + "WHERE ended_on IS NULL",
            "CREATE INDEX IF NOT EXISTS watch_monitoring_village_idx ON watch_monitoring (village_code)");

    /** How many codes one {@code IN (…)} binds. */
    static final int CHUNK = 500;
    static final String ALERT_COLUMNS = "SELECT id, rule, household_code, village_code, cadre, tier, actor, opened_at, "
            + "due_on, reason, status, closed_at, closed_by, visit_id, note FROM watch_alerts";
    /** id; the backend's {@code forUpdate} is appended when it is read to be closed. */
    static final String ALERT = ALERT_COLUMNS + " WHERE id = ?";
    /**
     * cadre, cadre, prefix, prefix, household, household, status, status, limit, offset (a null filter
     * matches all).
     */
    static final String ALERTS = ALERT_COLUMNS + " WHERE (? IS NULL OR cadre = ?) "
            + "AND (? IS NULL OR village_code LIKE ? || '%') AND (? IS NULL OR household_code = ?) "
            + "AND (? IS NULL OR status = ?) ORDER BY opened_at, id LIMIT ? OFFSET ?";
    /**
     * id, rule, household, village, cadre, tier, actor, opened, due, reason; nothing when its id is taken
     * or its rule and household have an open alert.
     */
    static final String INSERT_ALERT = "INSERT INTO watch_alerts (id, rule, household_code, village_code, cadre, "
            + "tier, actor, opened_at, due_on, reason, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open') "
            + "ON CONFLICT DO NOTHING";
    /** status, closed, by, visit, note, id. */
    static final String CLOSE = "UPDATE watch_alerts SET status = ?, closed_at = ?, closed_by = ?, visit_id = ?, "
            + "note = ? WHERE id = ? AND status = 'open'";
    static final String MONITORING_COLUMNS = "SELECT household_code, village_code, since, alert_id, measure, ended_on, "
            + "end_reason, ended_by FROM watch_monitoring";
    /** household. */
    static final String CURRENT_MONITORING = MONITORING_COLUMNS + " WHERE household_code = ? AND ended_on IS NULL";
    /** prefix, prefix. */
    static final String MONITORING = MONITORING_COLUMNS + " WHERE (? IS NULL OR village_code LIKE ? || '%') "
            + "ORDER BY household_code, since";
    /** prefix, prefix. */
    static final String CURRENT_MONITORINGS = MONITORING_COLUMNS + " WHERE (? IS NULL OR village_code LIKE ? || '%') "
            + "AND ended_on IS NULL ORDER BY household_code";
    /** household, village, since, alert, measure; nothing when the household is under monitoring. */
    static final String START_MONITORING = "INSERT INTO watch_monitoring (household_code, village_code, since, "
            + "alert_id, measure) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    /** ended, reason, by, household. */
    static final String END_MONITORING = "UPDATE watch_monitoring SET ended_on = ?, end_reason = ?, ended_by = ? "
            + "WHERE household_code = ? AND ended_on IS NULL";

    private WatchSql() {
    }

    /** {@code n} codes: the households' code, village and cadre. */
    static String households(int n) {
        return "SELECT code, village_code, cadre FROM households WHERE code IN ("
                + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }
}
