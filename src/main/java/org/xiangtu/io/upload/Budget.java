package org.xiangtu.io.upload;

/** Counts features and vertices while a reader parses, and stops it (413) as soon as a limit is passed. */
final class Budget {
    private final UploadLimits limits;
    private int features;
    private long vertices;

    Budget(UploadLimits limits) {
        this.limits = limits;
    }

    void feature() {
        if (++features > limits.maxFeatures()) {
            throw UploadException.tooLarge("file", "more than " + limits.maxFeatures() + " features");
        }
    }

    void vertices(long n) {
        vertices += n;
        if (n < 0 || vertices > limits.maxVertices()) {
            throw UploadException.tooLarge("file", "more than " + limits.maxVertices() + " vertices");
        }
    }
}
