package org.xiangtu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the field app's photos are kept: the unfinished uploads (their chunks in a table, or on the GeoPackage
 * one file per upload beside it; never in memory)
 * and the finished photos (a full-size JPEG without metadata and a thumbnail) with what the device said
 * about them. On GeoPackage the finished photos are a media table of the Related Tables Extension
 * ({@code field_photos}, related to {@code visits} and {@code work_logs}), so GIS tools list them; on
 * PostGIS a table of their own. The rules (who may upload, what a valid image is, the limits' values)
 * live in {@code edit.FieldPhotos}.
 *
 * <p>A photo's id is chosen on the device (a UUID), so anything sent twice is stored once: {@link #begin}
 * with an id already begun or stored writes nothing, {@link #append} takes a chunk only at the offset
 * received so far, and {@link #complete} of a stored id writes nothing. {@link #complete} writes, in one
 * transaction, the photo, its relation to its record, the record's {@code photos} count (one more) and the
 * audit entry, and drops the upload and its chunks; when it fails nothing of it is written and the upload
 * stays as it was.
 *
 * <p>Implementations are thread-safe; methods never return {@code null}; "none" is an empty
 * {@link Optional}. A store that cannot be reached throws {@link StoreUnavailableException}.
 */
public interface PhotoStore {
    /** The record kinds a photo may belong to: a visit ({@code visits}) or a work log ({@code work_logs}). */
    List<String> KINDS = List.of("visit", "log");

    /** The record a photo belongs to, as stored: its cadre, village, household and photo count. */
    record Owner(String kind, String id, String cadre, String villageCode, String householdCode, long photos) {
    }

    /**
     * An upload as begun on the device: the photo id, the cadre, the record, its total size and SHA-256
     * (hex), its content type, the EXIF time and position and the device's fix (each may be null), the
     * bytes received so far and when it was begun.
     */
    record Upload(String id, String cadre, String recordKind, String recordId, long bytes, String sha256,
            String contentType, String takenAt, Double lon, Double lat, Double deviceLon, Double deviceLat,
            long received, Instant createdAt) {
    }

    /**
     * A stored photo's description (its images are read with {@link #image}): the upload's fields, the
     * record's village and household, the flags (comma-separated, e.g. {@code far_from_fix}; empty for
     * none), the size of the full image in pixels and when it was stored.
     */
    record Photo(String id, String recordKind, String recordId, String cadre, String villageCode,
            String householdCode, String takenAt, Double lon, Double lat, Double deviceLon, Double deviceLat,
            String flags, long bytes, int width, int height, String sha256, Instant createdAt) {
    }

    /** The limits {@link #begin} checks in its transaction; uploads begun before {@code expireBefore} are dropped. */
    record Limits(int maxPerRecord, int maxOpenPerCadre, Instant expireBefore) {
    }

    /** What {@link #begin} did. */
    sealed interface Begun permits Started, Resumed, AlreadyStored, OverLimit {
    }

    /** A new upload, nothing received. */
    record Started(Upload upload) implements Begun {
    }

    /** The upload was begun before (a resend): as it stands. */
    record Resumed(Upload upload) implements Begun {
    }

    /** The photo is stored already. */
    record AlreadyStored(Photo photo) implements Begun {
    }

    /** Nothing written: the record has {@code maxPerRecord} photos, or the cadre {@code maxOpenPerCadre} open uploads. */
    record OverLimit(String limit, int max) implements Begun {
    }

    /** What {@link #append} did. */
    sealed interface Appended permits Accepted, OutOfOrder, NoUpload {
    }

    /** The chunk is kept; the upload now. */
    record Accepted(Upload upload) implements Appended {
    }

    /** Nothing written: the chunk does not start at {@code received}. */
    record OutOfOrder(long received) implements Appended {
    }

    /** Nothing written: no upload has this id (never begun, expired or finished). */
    record NoUpload() implements Appended {
    }

    /** What {@link #complete} did. */
    sealed interface Completed permits Stored, Duplicate {
        Photo photo();
    }

    /** Written; {@code recordPhotos} is the record's photo count now. */
    record Stored(Photo photo, long recordPhotos) implements Completed {
    }

    /** Nothing written: a photo with this id is stored already, as {@code photo}. */
    record Duplicate(Photo photo) implements Completed {
    }

    /** The visit ({@code kind} "visit") or work log ("log") with this id; empty if there is none. */
    Optional<Owner> owner(String kind, String id);

    /** The unfinished upload with this id; empty if there is none. */
    Optional<Upload> upload(String id);

    /** The stored photo with this id; empty if there is none. */
    Optional<Photo> photo(String id);

    /**
     * The stored JPEG: the thumbnail or the full image; empty if there is no such photo. A thumbnail not made
     * yet (stored with {@link #complete} as no bytes) is an empty array: see {@link #setThumbnail}.
     */
    Optional<byte[]> image(String id, boolean thumbnail);

    /** The stored photos of a record, oldest first. */
    List<Photo> photos(String kind, String recordId);

    /**
     * Drops the uploads begun before {@code limits.expireBefore()}, then begins this upload (with
     * {@code received} 0) unless its id is begun or stored, or a limit is reached: the record's stored photos
     * and open uploads together, or the cadre's open uploads.
     */
    Begun begin(Upload upload, Limits limits);

    /** Keeps a chunk of an open upload if it starts at what is received, and counts it received. */
    Appended append(String id, long start, byte[] data);

    /** The bytes received so far of an open upload, in order (empty when there is no such upload). */
    byte[] received(String id);

    /** Forgets what an open upload received (its chunks), so that it starts again at 0. */
    void discard(String id);

    /**
     * Stores a finished photo (see the class comment); {@code full} is a JPEG, {@code thumbnail} a JPEG or no
     * bytes when it is made later ({@link #setThumbnail}).
     */
    Completed complete(Photo photo, byte[] full, byte[] thumbnail, AuditEntry audit);

    /** Keeps the thumbnail made later of a stored photo whose thumbnail is not made yet; false if it is, or no such photo. */
    boolean setThumbnail(String id, byte[] thumbnail);
}
