package org.xiangtu.io.upload;

/**
 * Limits an upload must keep: bytes on the wire, bytes after unzipping (counted while inflating, never
 * taken from zip headers; for a GeoPackage, the bytes of the values read from it), zip entries, features,
 * vertices, and the time reading may take. Over a size or time limit is a 413, too many zip entries a 400.
 */
public record UploadLimits(long maxBytes, long maxUnzippedBytes, int maxZipEntries, int maxFeatures, long maxVertices,
        long maxReadMillis) {
    private static final long MB = 1024L * 1024L;
    /** Longest reading an upload may take, unless told otherwise: 30 s. */
    public static final long DEFAULT_READ_MILLIS = 30_000;

    public UploadLimits {
        if (maxBytes <= 0 || maxUnzippedBytes <= 0 || maxZipEntries <= 0 || maxFeatures <= 0 || maxVertices <= 0
                || maxReadMillis <= 0) {
            throw new IllegalArgumentException("upload limits must be positive");
        }
    }

    /** The given sizes and counts, with {@link #DEFAULT_READ_MILLIS}. */
    public UploadLimits(long maxBytes, long maxUnzippedBytes, int maxZipEntries, int maxFeatures, long maxVertices) {
        this(maxBytes, maxUnzippedBytes, maxZipEntries, maxFeatures, maxVertices, DEFAULT_READ_MILLIS);
    }

    /** 50 MB upload, 200 MB unzipped, 50 zip entries, 100 000 features, 2 000 000 vertices, 30 s. */
    public static UploadLimits defaults() {
        return new UploadLimits(50 * MB, 200 * MB, 50, 100_000, 2_000_000L);
    }
}
