package org.xiangtu.store.postgis;

import java.util.List;
import org.xiangtu.store.jdbc.WorkSql;

/**
 * The statements on the work tables (users, audit, project edits) in PostgreSQL. The tables are
 * declared by the Flyway migrations only ({@code V3__accounts.sql}, {@code V4__planner_layers.sql});
 * {@code WorkTablesIT} checks they hold the same columns as the GeoPackage's.
 */
final class PostgisWorkSql {
    static final String USER_COLUMNS = "SELECT name, role, password_hash, created_at, updated_at FROM xiangtu_users";
    static final String AUDIT_COLUMNS = "SELECT seq, at, actor, address, action, target, outcome, detail FROM xiangtu_audit";

    static final WorkSql SQL = new WorkSql(
            USER_COLUMNS + " WHERE name = ?",
            USER_COLUMNS + " ORDER BY name",
            "INSERT INTO xiangtu_users (name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (name) DO NOTHING",
            "UPDATE xiangtu_users SET password_hash = ?, updated_at = ? WHERE name = ?",
            "DELETE FROM xiangtu_users WHERE name = ?",
            "INSERT INTO xiangtu_audit (at, actor, address, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
            AUDIT_COLUMNS + " WHERE (? IS NULL OR action = ?) AND (? IS NULL OR actor = ?) "
                    + "ORDER BY seq DESC LIMIT ? OFFSET ?",
            "SELECT status, progress_pct, updated_at FROM projects WHERE id = ?",
            " FOR UPDATE", // concurrent writers: the project row is the lock
            "SELECT count(*) FROM project_updates WHERE project_id = ?",
            "UPDATE projects SET status = ?, progress_pct = ?, updated_at = ? WHERE id = ?",
            "INSERT INTO project_updates (id, project_id, at, progress_pct, status, note, \"by\", updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            List.of());

    private PostgisWorkSql() {
    }
}
