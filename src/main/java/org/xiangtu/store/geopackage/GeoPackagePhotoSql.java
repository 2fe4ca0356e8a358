package org.xiangtu.store.geopackage;

import java.util.List;
import java.util.Map;
import org.xiangtu.store.jdbc.PhotoSql;

/**
 * The photo tables of the GeoPackage, made on first use, and its own statements. The finished photos are
 * a user-defined media table of the OGC Related Tables Extension (OGC 18-000): {@code field_photos}
 * ({@code id INTEGER PRIMARY KEY AUTOINCREMENT}, {@code data BLOB NOT NULL}, {@code content_type TEXT NOT
 * NULL}, then the photo's own columns), related to the feature tables {@code visits} and {@code work_logs}
 * through the mapping tables {@code visits_field_photos} and {@code work_logs_field_photos}
 * ({@code base_id} = the record's {@code fid}, {@code related_id} = the photo's {@code id}), registered in
 * {@code gpkgext_relations} (relation {@code media}), {@code gpkg_extensions} and {@code gpkg_contents}
 * (as {@code attributes}), so GDAL and QGIS list them. The unfinished uploads and their chunks are plain
 * SQLite tables that GIS tools do not list.
 */
final class GeoPackagePhotoSql {
    static final String EXTENSION = "gpkg_related_tables";
    static final String DEFINITION = "http://www.geopackage.org/18-000.html";
    /** The photos and unfinished uploads in the file, which a rebuild from the data would lose. */
    static final String PHOTO_ROWS = "SELECT (SELECT count(*) FROM field_photos) + (SELECT count(*) FROM "
            + "xiangtu_photo_uploads)";
    private static final String NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    static final PhotoSql SQL = new PhotoSql(schema(), Map.of(
            "visit", relate("visits"),
            "log", relate("work_logs")),
            List.of("UPDATE gpkg_contents SET last_change = ? WHERE table_name IN ('field_photos', 'visits', "
                    + "'work_logs', 'visits_field_photos', 'work_logs_field_photos')"), "");

    private GeoPackagePhotoSql() {
    }

    /** record id, photo id: the mapping row from the record's {@code fid} to the photo's {@code id}. */
    private static String relate(String table) {
        return "INSERT INTO " + table + "_field_photos (base_id, related_id) SELECT r.fid, p.id FROM " + table
                + " r, field_photos p WHERE r.id = ? AND p.photo_id = ?";
    }

    private static List<String> schema() {
        List<String> ddl = new java.util.ArrayList<>(List.of(
                "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT "
                        + "NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE "
                        + "(table_name, column_name, extension_name))",
                "CREATE TABLE IF NOT EXISTS gpkgext_relations (id INTEGER PRIMARY KEY AUTOINCREMENT, base_table_name "
                        + "TEXT NOT NULL, base_primary_column TEXT NOT NULL DEFAULT 'id', related_table_name TEXT NOT "
                        + "NULL, related_primary_column TEXT NOT NULL DEFAULT 'id', relation_name TEXT NOT NULL, "
                        + "mapping_table_name TEXT NOT NULL UNIQUE)",
                "CREATE TABLE IF NOT EXISTS field_photos (id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL, "
                        + "content_type TEXT NOT NULL, photo_id TEXT NOT NULL UNIQUE, record_kind TEXT NOT NULL, "
                        + "record_id TEXT NOT NULL, cadre TEXT, village_code TEXT, household_code TEXT, taken_at TEXT, "
                        + "exif_lon REAL, exif_lat REAL, device_lon REAL, device_lat REAL, flags TEXT NOT NULL, "
                        + "bytes INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, sha256 TEXT NOT "
                        + "NULL, thumbnail BLOB NOT NULL, created_at TEXT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS field_photos_record_idx ON field_photos (record_kind, record_id)",
                "CREATE TABLE IF NOT EXISTS xiangtu_photo_uploads (photo_id TEXT PRIMARY KEY NOT NULL, cadre TEXT NOT "
                        + "NULL, record_kind TEXT NOT NULL, record_id TEXT NOT NULL, bytes INTEGER NOT NULL, sha256 TEXT "
                        + "NOT NULL, content_type TEXT NOT NULL, taken_at TEXT, lon REAL, lat REAL, device_lon REAL, "
                        + "device_lat REAL, received INTEGER NOT NULL, created_at TEXT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS xiangtu_photo_uploads_cadre_idx ON xiangtu_photo_uploads (cadre)",
                "CREATE INDEX IF NOT EXISTS xiangtu_photo_uploads_record_idx ON xiangtu_photo_uploads "
                        + "(record_kind, record_id)",
                "CREATE TABLE IF NOT EXISTS xiangtu_photo_chunks (photo_id TEXT NOT NULL, start INTEGER NOT NULL, "
                        + "data BLOB NOT NULL, PRIMARY KEY (photo_id, start))",
                contents("field_photos", "Photos of visits and work logs (media, Related Tables Extension)"),
                extension("gpkgext_relations")));
        for (String base : List.of("visits", "work_logs")) {
            String mapping = base + "_field_photos";
            ddl.add("CREATE TABLE IF NOT EXISTS " + mapping + " (base_id INTEGER NOT NULL, related_id INTEGER NOT NULL)");
            ddl.add(contents(mapping, "Which photos belong to which of " + base));
            ddl.add(extension(mapping));
            ddl.add("INSERT INTO gpkgext_relations (base_table_name, base_primary_column, related_table_name, "
                    + "related_primary_column, relation_name, mapping_table_name) SELECT '" + base + "', 'fid', "
                    + "'field_photos', 'id', 'media', '" + mapping + "' WHERE NOT EXISTS (SELECT 1 FROM "
                    + "gpkgext_relations WHERE mapping_table_name = '" + mapping + "')");
        }
        return List.copyOf(ddl);
    }

    private static String contents(String table, String description) {
        return "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) SELECT '"
                + table + "', 'attributes', '" + table + "', '" + description + "', " + NOW
                + " WHERE NOT EXISTS (SELECT 1 FROM gpkg_contents WHERE table_name = '" + table + "')";
    }

    private static String extension(String table) {
        return "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) SELECT '"
                + table + "', NULL, '" + EXTENSION + "', '" + DEFINITION + "', 'read-write' WHERE NOT EXISTS "
                + "(SELECT 1 FROM gpkg_extensions WHERE table_name = '" + table + "' AND extension_name = '"
                + EXTENSION + "')";
    }
}
