package org.xiangtu.store.geopackage;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL the GeoPackage store runs. Identifiers come only from the catalogue (checked against
 * {@code [a-z][a-z0-9_]*}) and are quoted; every value is bound.
 */
final class GeoPackageSql {
    static final String TABLES = "SELECT table_name, data_type FROM gpkg_contents";
    static final String GEOMETRY_COLUMN = "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?";
    static final String COUNT_BUILD_INFO = "SELECT count(*) FROM xiangtu_build";
    static final String BUILD_INFO = "SELECT value FROM xiangtu_build WHERE key = ?";
    static final String CREATE_BUILD_INFO = "CREATE TABLE xiangtu_build (key TEXT PRIMARY KEY NOT NULL, value TEXT)";
    static final String INSERT_BUILD_INFO = "INSERT INTO xiangtu_build (key, value) VALUES (?, ?)";
    static final String UPDATE_CONTENTS = "UPDATE gpkg_contents SET identifier = ?, description = ?, "
            + "min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = ? WHERE table_name = ?";

    private GeoPackageSql() {
    }

    static String q(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String rtree(String table) {
        return q("rtree_" + table + "_geom");
    }

    static String columns(List<String> names) {
        return names.stream().map(n -> "t." + q(n)).collect(Collectors.joining(", "));
    }

    /** The exact extent recorded when the table was written (the R-tree holds rounded 32-bit floats). */
    static final String EXTENT = "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?";

    static String summary(String table) {
        return "SELECT count(*), min(updated_at), max(updated_at) FROM " + q(table);
    }

    static String insert(String table, List<String> columns) {
        return "INSERT INTO " + q(table) + " (" + columns.stream().map(GeoPackageSql::q).collect(Collectors.joining(", "))
                + ") VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    }

    static String uniqueIdIndex(String table) {
        return "CREATE UNIQUE INDEX " + q(table + "_id_idx") + " ON " + q(table) + " (id)";
    }
}
