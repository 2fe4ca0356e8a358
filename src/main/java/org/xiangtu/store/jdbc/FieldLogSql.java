package org.xiangtu.store.jdbc;

import java.util.Collections;

/**
 * The portable statements of the field app's work logs and of the assignment of households to cadres
 * (see {@link JdbcFieldLogs}), beside {@link WorkSql}'s {@code FIELD_*} ones: the same SQL on SQLite and
 * PostgreSQL, every value bound, geometry through {@code ST_X}, {@code ST_Y} and {@code ST_GeomFromWKB}.
 */
final class FieldLogSql {
    /** How many codes one {@code IN (…)} binds: well below SQLite's and PostgreSQL's parameter limits. */
    static final int CHUNK = 500;
    static final String LOG_COLUMNS = "SELECT id, household_code, village_code, cadre, at, kind, text, photos, "
            + "ST_X(geom), ST_Y(geom), updated_at FROM work_logs";
    /** id. */
    static final String LOG = LOG_COLUMNS + " WHERE id = ?";
    /** cadre, limit, offset: newest local time first. */
    static final String LOGS = LOG_COLUMNS + " WHERE cadre = ? ORDER BY at DESC, id DESC LIMIT ? OFFSET ?";
    /**
     * id, WKB (or null), household code (or null), village code, cadre, at, kind, text, photos, updated;
     * nothing when the id is taken.
     */
    static final String INSERT_LOG = "INSERT INTO work_logs (id, geom, household_code, village_code, cadre, at, kind, "
            + "text, photos, updated_at) VALUES (?, ST_GeomFromWKB(?, 4490), ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO NOTHING";

    private FieldLogSql() {
    }

    /** {@code n} codes: the households' codes and cadres, to be locked with the backend's {@code forUpdate}. */
    static String cadresOf(int n) {
        return "SELECT code, cadre FROM households WHERE code IN (" + marks(n) + ") ORDER BY code, id";
    }

    /** cadre, updated, then {@code n} codes. */
    static String assign(int n) {
        return "UPDATE households SET cadre = ?, updated_at = ? WHERE code IN (" + marks(n) + ")";
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
