package org.xiangtu.io.upload;

/** The SQL that reads an uploaded GeoPackage. Table and column names come only from its own metadata. */
final class GeoPackageSql {
    /** Feature tables in the order they were registered. */
    static final String FEATURE_TABLES = """
            SELECT c.table_name, c.identifier, g.column_name, g.srs_id
            FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
            WHERE c.data_type = 'features'
            ORDER BY c.rowid""";
    static final String SPATIAL_REF = """
            SELECT organization, organization_coordsys_id, definition
            FROM gpkg_spatial_ref_sys WHERE srs_id = ?""";

    private GeoPackageSql() {
    }

    static String tableInfo(String table) {
        return "PRAGMA table_info(" + quote(table) + ")";
    }

    static String selectAll(String table) {
        return "SELECT * FROM " + quote(table);
    }

    /** A SQL identifier in double quotes, inner quotes doubled. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
