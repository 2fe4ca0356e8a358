package org.xiangtu.io.upload;

/**
 * A refused upload: the HTTP status to answer (400 bad content, 413 too large, 415 unsupported type), the
 * field at fault ({@code file}, {@code file.prj}, {@code file.dbf}, {@code crs}, {@code towgs84}, {@code lon},
 * {@code lat}, {@code encoding}) and a message for the planner.
 */
public final class UploadException extends RuntimeException {
    private final int status;
    private final String field;

    public UploadException(int status, String field, String detail) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    public UploadException(int status, String field, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public static UploadException bad(String field, String detail) {
        return new UploadException(400, field, detail);
    }

    static UploadException tooLarge(String field, String detail) {
        return new UploadException(413, field, detail);
    }
}
