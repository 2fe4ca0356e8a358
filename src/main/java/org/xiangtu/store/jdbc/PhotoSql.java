package org.xiangtu.store.jdbc;

import java.util.List;
import java.util.Map;

/**
 * The statements of {@link JdbcPhotoStore}: portable SQL that SQLite and PostgreSQL both run on the
 * tables {@code field_photos} (finished photos), {@code xiangtu_photo_uploads} and
 * {@code xiangtu_photo_chunks} (unfinished uploads), plus what a backend names itself. Every value is
 * bound; the parameter order is written beside each statement.
 *
 * @param schema run once when the store opens (the GeoPackage makes its tables and registers the
 *     Related Tables Extension; PostGIS has Flyway's {@code V9__photos.sql} and runs nothing)
 * @param relate by record kind, run after a photo is stored with the record id and the photo id (the
 *     GeoPackage's RTE mapping row); a kind without one relates by the photo's columns only
 * @param afterComplete run after a photo is stored with its time as the only parameter (e.g. the
 *     GeoPackage's {@code gpkg_contents.last_change}); may be empty
 * @param forUpdate appended when an upload row is read to be changed: row locks where the database has them
 */
public record PhotoSql(List<String> schema, Map<String, String> relate, List<String> afterComplete,
        String forUpdate) {
    /** The record tables by kind. */
    static final Map<String, String> RECORD_TABLES = Map.of("visit", "visits", "log", "work_logs");

    static final String PHOTO_COLUMNS = "SELECT photo_id, record_kind, record_id, cadre, village_code, "
            + "household_code, taken_at, exif_lon, exif_lat, device_lon, device_lat, flags, bytes, width, height, "
            + "sha256, created_at FROM field_photos";
    /** photo id. */
    static final String PHOTO = PHOTO_COLUMNS + " WHERE photo_id = ?";
    /** kind, record id. */
    static final String PHOTOS = PHOTO_COLUMNS + " WHERE record_kind = ? AND record_id = ? ORDER BY created_at, id";
    /** photo id. */
    static final String FULL = "SELECT data FROM field_photos WHERE photo_id = ?";
    /** photo id. */
    static final String THUMBNAIL = "SELECT thumbnail FROM field_photos WHERE photo_id = ?";
    /** thumbnail, photo id: only where none is made yet (an empty one). */
    static final String SET_THUMBNAIL = "UPDATE field_photos SET thumbnail = ? WHERE photo_id = ? "
            + "AND length(thumbnail) = 0";
    /** kind, record id. */
    static final String COUNT_STORED = "SELECT count(*) FROM field_photos WHERE record_kind = ? AND record_id = ?";
    /**
     * photo id, data, content type, record kind, record id, cadre, village, household, taken at, EXIF lon,
     * lat, device lon, lat, flags, bytes, width, height, sha256, thumbnail, created; nothing when stored.
     */
    static final String INSERT_PHOTO = "INSERT INTO field_photos (photo_id, data, content_type, record_kind, "
            + "record_id, cadre, village_code, household_code, taken_at, exif_lon, exif_lat, device_lon, device_lat, "
            + "flags, bytes, width, height, sha256, thumbnail, created_at) "
            + "VALUES (?, ?, 'image/jpeg', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (photo_id) DO NOTHING";

    static final String UPLOAD_COLUMNS = "SELECT photo_id, cadre, record_kind, record_id, bytes, sha256, "
            + "content_type, taken_at, lon, lat, device_lon, device_lat, received, created_at FROM xiangtu_photo_uploads";
    /** photo id; {@code forUpdate} may be appended. */
    static final String UPLOAD = UPLOAD_COLUMNS + " WHERE photo_id = ?";
    /**
     * photo id, cadre, kind, record id, bytes, sha256, content type, taken at, lon, lat, device lon, lat,
     * created; nothing when begun.
     */
    static final String INSERT_UPLOAD = "INSERT INTO xiangtu_photo_uploads (photo_id, cadre, record_kind, "
            + "record_id, bytes, sha256, content_type, taken_at, lon, lat, device_lon, device_lat, received, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (photo_id) DO NOTHING";
    /** cadre. */
    static final String COUNT_OPEN_OF_CADRE = "SELECT count(*) FROM xiangtu_photo_uploads WHERE cadre = ?";
    /** kind, record id. */
    static final String COUNT_OPEN_OF_RECORD = "SELECT count(*) FROM xiangtu_photo_uploads "
            + "WHERE record_kind = ? AND record_id = ?";
    /** before: the uploads that expire. */
    static final String EXPIRING = "SELECT photo_id FROM xiangtu_photo_uploads WHERE created_at < ?";
    /** before. */
    static final String EXPIRE_CHUNKS = "DELETE FROM xiangtu_photo_chunks WHERE photo_id IN "
            + "(SELECT photo_id FROM xiangtu_photo_uploads WHERE created_at < ?)";
    /** before. */
    static final String EXPIRE_UPLOADS = "DELETE FROM xiangtu_photo_uploads WHERE created_at < ?";
    /** photo id, start, data. */
    static final String INSERT_CHUNK = "INSERT INTO xiangtu_photo_chunks (photo_id, start, data) VALUES (?, ?, ?)";
    /** received, photo id. */
    static final String SET_RECEIVED = "UPDATE xiangtu_photo_uploads SET received = ? WHERE photo_id = ?";
    /** photo id. */
    static final String CHUNKS = "SELECT data FROM xiangtu_photo_chunks WHERE photo_id = ? ORDER BY start";
    /** photo id. */
    static final String DELETE_CHUNKS = "DELETE FROM xiangtu_photo_chunks WHERE photo_id = ?";
    /** photo id. */
    static final String DELETE_UPLOAD = "DELETE FROM xiangtu_photo_uploads WHERE photo_id = ?";
    /** record id, by kind. */
    static final Map<String, String> OWNER = Map.of(
            "visit", "SELECT id, cadre, village_code, household_code, photos FROM visits WHERE id = ?",
            "log", "SELECT id, cadre, village_code, household_code, photos FROM work_logs WHERE id = ?");
    /** updated, record id, by kind: one photo more. */
    static final Map<String, String> COUNT_PHOTO = Map.of(
            "visit", "UPDATE visits SET photos = coalesce(photos, 0) + 1, updated_at = ? WHERE id = ?",
            "log", "UPDATE work_logs SET photos = coalesce(photos, 0) + 1, updated_at = ? WHERE id = ?");
}
