package org.xiangtu.store.jdbc;

import java.util.List;

/**
 * The statements a backend runs for the work tables, as named constants of that backend (its
 * {@code *WorkSql} class). Every value is bound; the parameter order is the one documented on
 * {@link JdbcWorkStore}'s methods and is the same for every backend.
 *
 * @param forUpdate appended to {@code projectState} when the row is read to be changed: row locks
 *     where the database has them, empty where writes are serialised anyway
 * @param afterProjectUpdate run after a project update with its time as the only parameter (e.g.
 *     GeoPackage's {@code gpkg_contents.last_change}); may be empty
 */
public record WorkSql(String findUser, String listUsers, String insertUser, String setPassword, String deleteUser,
        String insertAudit, String pageAudit, String projectState, String forUpdate, String historySize,
        String updateProject, String appendHistory, List<String> afterProjectUpdate) {
}
