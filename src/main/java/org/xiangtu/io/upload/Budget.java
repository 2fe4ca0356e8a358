package org.xiangtu.io.upload;

/**
 * Counts features, vertices and bytes of values while a reader parses, and watches one deadline for the
 * whole reading (parsing and finishing); it stops the reader (413) as soon as a limit is passed.
 * Not thread-safe except {@link #isOverTime}, which any thread (SQLite's progress handler) may ask.
 */
final class Budget {
    private final UploadLimits limits;
    private final long deadline;
    private int features;
    private long vertices;
    private long bytes;

    Budget(UploadLimits limits) {
        this.limits = limits;
        this.deadline = System.nanoTime() + limits.maxReadMillis() * 1_000_000L;
    }

    void feature() {
        if (++features > limits.maxFeatures()) {
            throw UploadException.tooLarge("file", "more than " + limits.maxFeatures() + " features");
        }
        time();
    }

    void vertices(long n) {
        vertices += n;
        if (n < 0 || vertices > limits.maxVertices()) {
            throw UploadException.tooLarge("file", "more than " + limits.maxVertices() + " vertices");
        }
        time();
    }

    /** Bytes of values read (where the reader cannot count them while inflating, as in a GeoPackage). */
    void bytes(long n) {
        bytes += n;
        if (n < 0 || bytes > limits.maxUnzippedBytes()) {
            throw UploadException.tooLarge("file", "the file's values add up to more than " + limits.maxUnzippedBytes()
                    + " bytes");
        }
    }

    /** A 413 once the deadline has passed. */
    void time() {
        if (isOverTime()) {
            throw UploadException.tooLarge("file", "reading the file takes longer than "
                    + java.math.BigDecimal.valueOf(limits.maxReadMillis(), 3).stripTrailingZeros().toPlainString()
                    + " s; split it or simplify it");
        }
    }

    boolean isOverTime() {
        return System.nanoTime() - deadline > 0;
    }
}
