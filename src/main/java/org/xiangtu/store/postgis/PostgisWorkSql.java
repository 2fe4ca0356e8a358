package org.xiangtu.store.postgis;

import java.util.List;
import org.xiangtu.store.jdbc.WorkSql;

/**
 * The statements on the work tables (users, audit, project edits) in PostgreSQL: the portable ones,
 * with the project row locked while it is changed (writers run concurrently). The tables are
 * declared by the Flyway migrations only ({@code V3__accounts.sql}, {@code V4__planner_layers.sql});
 * {@code WorkTablesPostgisIT} checks they hold the same columns as the GeoPackage's.
 */
final class PostgisWorkSql {
    static final WorkSql SQL = WorkSql.portable(" FOR UPDATE", List.of());

    private PostgisWorkSql() {
    }
}
