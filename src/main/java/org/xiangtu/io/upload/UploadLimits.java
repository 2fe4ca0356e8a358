package org.xiangtu.io.upload;

/**
 * Limits an upload must keep: bytes on the wire, bytes after unzipping (counted while inflating, never
 * taken from zip headers), zip entries, features and vertices. Over a size limit is a 413, too many zip
 * entries a 400.
 */
public record UploadLimits(long maxBytes, long maxUnzippedBytes, int maxZipEntries, int maxFeatures, long maxVertices) {
    private static final long MB = 1024L * 1024L;

    public UploadLimits {
        if (maxBytes <= 0 || maxUnzippedBytes <= 0 || maxZipEntries <= 0 || maxFeatures <= 0 || maxVertices <= 0) {
            throw new IllegalArgumentException("upload limits must be positive");
        }
    }

    /** 50 MB upload, 200 MB unzipped, 50 zip entries, 100 000 features, 2 000 000 vertices. */
    public static UploadLimits defaults() {
        return new UploadLimits(50 * MB, 200 * MB, 50, 100_000, 2_000_000L);
    }
}
