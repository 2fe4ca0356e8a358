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

    /** What the schema says a name is: {@code table}, {@code view}, …, and how it was made. */
    static final String SCHEMA_OBJECT = "SELECT type, sql FROM sqlite_schema WHERE name = ? COLLATE NOCASE";
    /** Expressions in a schema may only use functions marked harmless; nothing may be loaded. */
    static final String DISTRUST_SCHEMA = "PRAGMA trusted_schema = OFF";

    private GeoPackageSql() {
    }

    /** Every column, with {@code hidden} 2 or 3 for generated ones (which {@code table_info} leaves out). */
    static String tableInfo(String table) {
        return "PRAGMA table_xinfo(" + quote(table) + ")";
    }

    /** The named columns of a table, nothing computed. */
    static String select(String table, java.util.List<String> columns) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i)));
        }
        return sql.append(" FROM ").append(quote(table)).toString();
    }

    /** A SQL identifier in double quotes, inner quotes doubled. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
