package org.xiangtu.web;

import java.util.Map;

/**
 * An answer other than success, with its status, a sentence for people and the field at fault;
 * {@link ErrorMapping} sends it as {@code application/problem+json}, with any extra headers.
 */
public final class ProblemException extends RuntimeException {
    private final int status;
    private final String field;
    private final Map<String, String> headers;

    public ProblemException(int status, String field, String detail) {
        this(status, field, detail, Map.of());
    }

    public ProblemException(int status, String field, String detail, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException badRequest(String field, String detail) {
        return new ProblemException(400, field, detail);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
