package org.xiangtu.store.jdbc;

import java.util.Collections;
import java.util.List;

/**
 * The relapse watch's statements ({@link JdbcWatchStore}) on its two catalogue layers, {@code watch_alerts}
 * and {@code watch_monitoring} (tables as every layer's: the GeoPackage builder's, Flyway's
 * {@code V11__visit_reported.sql}), the same SQL on SQLite and PostgreSQL; every value bound.
 */
public final class WatchSql {
    /**
     * The GeoPackage's indexes on the two catalogue layers (their tables come from the catalogue, as every
     * layer's): the open (rule, household) pair and the current monitoring are unique.
     */
    public static final List<String> GEOPACKAGE_TABLES = List.of(
            "CREATE UNIQUE INDEX IF NOT EXISTS watch_alerts_open_idx ON watch_alerts (rule, household_code) "
                    + "WHERE status = 'open'",
            "CREATE INDEX IF NOT EXISTS watch_alerts_village_idx ON watch_alerts (village_code, status)",
            "CREATE INDEX IF NOT EXISTS watch_alerts_cadre_idx ON watch_alerts (cadre, status)",
            "CREATE INDEX IF NOT EXISTS watch_alerts_household_idx ON watch_alerts (household_code)",
            "CREATE UNIQUE INDEX IF NOT EXISTS watch_monitoring_current_idx ON watch_monitoring (household_code) "
                    + "WHERE ended_on IS NULL",
            "CREATE INDEX IF NOT EXISTS watch_monitoring_village_idx ON watch_monitoring (village_code)");

    /**
     * The GeoPackage's indexes for the watch's reads of one household ({@code check} after every change): the
     * household by code, its visits' reported events; each made when its table is there.
     */
    public static final java.util.Map<String, String> GEOPACKAGE_READ_INDEXES = java.util.Map.of(
            "households", "CREATE INDEX IF NOT EXISTS households_code_idx ON households (code)",
            "visits", "CREATE INDEX IF NOT EXISTS visits_household_code_idx ON visits (household_code, at)");

    /** How many codes one {@code IN (…)} binds. */
    static final int CHUNK = 500;
    static final String ALERT_COLUMNS = "SELECT id, rule, household_code, village_code, cadre, tier, actor, opened_at, "
            + "due_on, reason, status, closed_at, closed_by, visit_id, note, basis FROM watch_alerts";
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
     * id, household (for its position), rule, household, village, cadre, tier, actor, opened, due, reason,
     * basis, updated, then rule, household, basis; nothing when its id is taken, its rule and household
     * have an open alert, or an alert of this rule and household rested on the same facts (basis).
     */
    /**
     * PostgreSQL, at the start of an opening's transaction: its lookups (the households, the alerts' keys, the
     * insert's NOT EXISTS) are all by indexed code, but a nightly run that opens thousands of alerts grows the
     * table faster than autovacuum's statistics follow, and on statistics that say "empty" the planner scans
     * the table for each insert: quadratic (the benchmark's 30,000 alerts: 95 s instead of a few). Scans are
     * refused in this transaction only.
     */
    static final String LOOKUPS_BY_INDEX = "SET LOCAL enable_seqscan = off";
    static final String INSERT_ALERT = "INSERT INTO watch_alerts (id, geom, rule, household_code, village_code, cadre, "
            + "tier, actor, opened_at, due_on, reason, basis, status, updated_at) SELECT ?, "
            + "(SELECT geom FROM households WHERE code = ? ORDER BY id LIMIT 1), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ? "
            + "WHERE NOT EXISTS (SELECT 1 FROM watch_alerts WHERE rule = ? AND household_code = ? AND basis = ?) "
            + "ON CONFLICT DO NOTHING";
    /**
     * PostgreSQL: opened_at, updated_at, then ten text arrays of equal length (id, rule, household, village,
     * cadre, tier, actor, due YYYY-MM-DD, reason, basis): {@link #INSERT_ALERT}'s guarded insert for all of them
     * in one statement, answering the ids inserted. Two hits of one rule and household in the same arrays: the
     * unique index on open alerts keeps the first.
     */
    static final String INSERT_ALERTS = "INSERT INTO watch_alerts (id, geom, rule, household_code, village_code, "
            + "cadre, tier, actor, opened_at, due_on, reason, basis, status, updated_at) "
            + "SELECT v.id, (SELECT h.geom FROM households h WHERE h.code = v.code ORDER BY h.id LIMIT 1), v.rule, "
            + "v.code, v.village, v.cadre, v.tier, v.actor, ?, CAST(v.due AS date), v.reason, v.basis, 'open', ? "
            + "FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), "
            + "CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), "
            + "CAST(? AS text[])) AS v(id, rule, code, village, cadre, tier, actor, due, reason, basis) "
            + "WHERE NOT EXISTS (SELECT 1 FROM watch_alerts a WHERE a.rule = v.rule AND a.household_code = v.code "
            + "AND a.basis = v.basis) ON CONFLICT DO NOTHING RETURNING id";
    /** status, closed, by, visit, note, updated, id. */
    static final String CLOSE = "UPDATE watch_alerts SET status = ?, closed_at = ?, closed_by = ?, visit_id = ?, "
            + "note = ?, updated_at = ? WHERE id = ? AND status = 'open'";
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
    /**
     * id, household (for its position), household, village, since, alert, measure, updated; nothing when the
     * household is under monitoring.
     */
    static final String START_MONITORING = "INSERT INTO watch_monitoring (id, geom, household_code, village_code, "
            + "since, alert_id, measure, updated_at) VALUES (?, "
            + "(SELECT geom FROM households WHERE code = ? ORDER BY id LIMIT 1), ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    /** ended, reason, by, updated, household. */
    static final String END_MONITORING = "UPDATE watch_monitoring SET ended_on = ?, end_reason = ?, ended_by = ?, "
            + "updated_at = ? WHERE household_code = ? AND ended_on IS NULL";
    /** The GeoPackage's own: the layers' last change (the time). */
    static final String GPKG_LAST_CHANGE = "UPDATE gpkg_contents SET last_change = ? "
            + "WHERE table_name IN ('watch_alerts', 'watch_monitoring')";

    private WatchSql() {
    }

    /** {@code n} codes: the rule, household, basis and status of every alert of these households. */
    static String alertKeys(int n) {
        return "SELECT rule, household_code, basis, status FROM watch_alerts WHERE household_code IN ("
                + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }

    /** {@code n} codes: the households' code, village and cadre. */
    static String households(int n) {
        return "SELECT code, village_code, cadre FROM households WHERE code IN ("
                + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }
}
