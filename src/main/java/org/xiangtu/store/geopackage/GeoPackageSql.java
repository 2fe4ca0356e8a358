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
    static final String INSERT_DATA_COLUMN = "INSERT INTO gpkg_data_columns "
            + "(table_name, column_name, name, title, description) VALUES (?, ?, ?, ?, ?)";

    // reading any GeoPackage (GeoPackageReader): names come only from the file's own metadata, quoted

    /** Every table registered. */
    static final String CONTENTS = "SELECT table_name, data_type, identifier FROM gpkg_contents ORDER BY rowid";
    /** Feature tables in the order they were registered. */
    static final String FEATURE_TABLES = """
            SELECT c.table_name, c.identifier, g.column_name, g.srs_id
            FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
            WHERE c.data_type = 'features'
            ORDER BY c.rowid""";
    static final String SPATIAL_REF = """
            SELECT organization, organization_coordsys_id, definition
            FROM gpkg_spatial_ref_sys WHERE srs_id = ?""";
    /** What the schema says a name is: {@code table}, {@code view}, …, and how it was made. */
    static final String SCHEMA_OBJECT = "SELECT type, sql FROM sqlite_schema WHERE name = ? COLLATE NOCASE";
    /** Expressions in a schema may only use functions marked harmless; nothing may be loaded. */
    static final String DISTRUST_SCHEMA = "PRAGMA trusted_schema = OFF";

    private GeoPackageSql() {
    }

    /** Every column, with {@code hidden} 2 or 3 for generated ones (which {@code table_info} leaves out). */
    static String tableInfo(String table) {
        return "PRAGMA table_xinfo(" + q(table) + ")";
    }

    /** The named columns of a table, nothing computed, in rowid order. */
    static String select(String table, List<String> columns) {
        return "SELECT " + columns.stream().map(GeoPackageSql::q).collect(Collectors.joining(", ")) + " FROM " + q(table);
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
