package org.xiangtu.store.postgis;

import java.util.List;
import org.xiangtu.store.jdbc.WorkSql;

/**
 * The statements on the work tables (users, sessions, audit, project edits, visits) in PostgreSQL: the
 * portable ones, with the project row (and a visit's month row) locked while it is changed and
 * sign-ins taking turns to create their session (writers run concurrently). The tables are declared by
 * the Flyway migrations only ({@code V3__accounts.sql}, {@code V4__planner_layers.sql},
 * {@code V5__sessions.sql}); {@code WorkTablesPostgisIT} checks they hold the same columns as the
 * GeoPackage's.
 */
final class PostgisWorkSql {
    /**
     * The transaction-level advisory lock that session creates take in turn, so that two at a limit
     * cannot both count one free place; touches, sign-outs and sweeps do not wait for it. The key is
     * "xtsess" in ASCII, a number no other part of Xiangtu uses.
     */
    static final String LOCK_SESSIONS = "SELECT pg_advisory_xact_lock(" + 0x787473657373L + ")";
    static final WorkSql SQL = WorkSql.portable(" FOR UPDATE", List.of(), LOCK_SESSIONS, List.of());

    private PostgisWorkSql() {
    }
}
