package org.xiangtu.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers — for requests it refuses before any route runs: bad UTF-8 or {@code %00}
 * in the path, {@code ..} segments, a request line or headers over the limit (414, 431), an HTTP
 * version it does not speak (505) — as {@code application/problem+json} like every other error. The
 * detail is our own plain sentence for the status, never Jetty's message (it can quote the request).
 */
public final class ContainerErrors extends ErrorHandler {
    private static final HttpField CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    private static final HttpField NOSNIFF = new HttpField("X-Content-Type-Options", "nosniff");
    private static final HttpField CSP = new HttpField("Content-Security-Policy",
            "default-src 'none'; frame-ancestors 'none'");

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(CONTENT_TYPE);
        fields.put(ERROR_CACHE_CONTROL);
        fields.put(NOSNIFF);
        fields.put(CSP);
        return ByteBuffer.wrap(body(status, null));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        byte[] body = body(code, request == null ? null : request.getHttpURI().getPath());
        response.getHeaders().put(CONTENT_TYPE);
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        response.getHeaders().put(NOSNIFF);
        response.getHeaders().put(CSP);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true; // every method gets the body, not only GET/POST/HEAD
    }

    /** The URI Jetty gives a request it could not read (not the request's own). */
    private static final String BAD_MESSAGE_URI = "/badMessage";

    static byte[] body(int status, String path) {
        String instance = path == null || path.equals(BAD_MESSAGE_URI)
                || !path.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f) ? null : path;
        Problem p = new Problem("about:blank", title(status), status, detail(status), instance, null);
        try {
            return Json.MAPPER.writeValueAsBytes(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
    }

    private static String title(int status) {
        String reason = HttpStatus.getMessage(status);
        return reason == null ? "Error" : reason;
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request cannot be read: its path or headers are malformed (for example bad UTF-8, "
                    + "an encoded NUL or a '..' segment).";
            case 408 -> "The request took too long to arrive.";
            case 413 -> "The request body is larger than this server accepts.";
            case 414 -> "The request's address (URI) is longer than this server accepts.";
            case 431 -> "The request's headers are larger than this server accepts.";
            case 505 -> "This server speaks HTTP/1.1 and HTTP/1.0 only.";
            default -> status >= 500 ? "The server could not answer this request."
                    : "The request was refused (" + title(status) + ").";
        };
    }
}
