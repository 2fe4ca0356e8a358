package org.xiangtu.web;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * Reading request bodies: JSON only, with clear 4xx answers naming the field at fault. No text anywhere in a
 * body may hold a NUL character (PostgreSQL cannot store one, so both stores refuse it alike); text shown on
 * one line (names, titles, choices) holds no control character either, multi-line text (notes) only tab, CR
 * and LF.
 */
public final class Bodies {
    /** Largest JSON body accepted (a drawn geometry with many vertices fits). */
    public static final int MAX_JSON = 2 * 1024 * 1024;
    /**
     * One reading only: a member given twice, or anything after the object, is refused rather than
     * resolved (parsers differ — first wins, last wins — so a proxy or log could check another body than
     * the one acted on).
     */
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Bodies() {
    }

    static JsonNode json(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ProblemException(415, "Content-Type", "Send the body as application/json.");
        }
        byte[] bytes = atMost(ctx, MAX_JSON, () -> new ProblemException(413, "body", "The body is larger than "
                + MAX_JSON / 1024 + " KiB."));
        try {
            JsonNode node = READER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ProblemException.badRequest("body", "The body must be a JSON object.");
            }
            refuseNul(node, "");
            return node;
        } catch (IOException e) {
            throw ProblemException.badRequest("body", notJson(e));
        }
    }

    /**
     * The request's body, read here rather than by Javalin (whose one limit, {@code http.maxRequestSize}, is
     * the same for every route and answers without naming it): refused with {@code tooLarge} when its announced
     * length is over {@code max}, or as soon as more than {@code max} bytes arrive (a body sent chunked, without
     * {@code Content-Length}). A body Jetty cannot read (bad chunked framing, a cut) throws Jetty's exception,
     * which {@code ErrorMapping} answers 400.
     */
    static byte[] atMost(Context ctx, int max, java.util.function.Supplier<RuntimeException> tooLarge) {
        try {
            if (ctx.contentLength() > max) {
                if (ctx.contentLength() <= max + DRAIN) {
                    drain(ctx);
                }
                throw tooLarge.get();
            }
            byte[] bytes = ctx.req().getInputStream().readNBytes(max + 1);
            if (bytes.length > max) {
                drain(ctx);
                throw tooLarge.get();
            }
            return bytes;
        } catch (IOException e) {
            throw Bodies.<RuntimeException>unchecked(e);
        }
    }

    /** Most bytes of a refused body read and dropped so that the client, still sending, can read the answer. */
    static final long DRAIN = 1L << 20;

    /**
     * Reads and drops at most {@link #DRAIN} more bytes of a refused body (one a little over the limit: its
     * sender is usually still writing it and would see the connection cut before the answer); whatever is left
     * beyond that stays unread and the connection is closed after the answer. Bounded work whoever sends it.
     */
    private static void drain(Context ctx) throws IOException {
        java.io.InputStream in = ctx.req().getInputStream();
        byte[] buffer = new byte[8192];
        long left = DRAIN;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }
    /** Throws a checked exception as it is (so that the error mapping sees Jetty's own exception type). */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E unchecked(Throwable e) throws E {
        throw (E) e;
    }

    /** Plain words for a body Jackson refused: where it went wrong, never the library's own message. */
    static String notJson(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            return "The body is not accepted: it is nested too deeply or has a value that is too long.";
        }
        if (e instanceof com.fasterxml.jackson.core.JacksonException j && j.getLocation() != null
                && j.getLocation().getLineNr() > 0) {
            return "The body is not valid JSON (line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr() + ").";
        }
        return "The body is not valid JSON.";
    }

    /** A required one-line text: no control characters. */
    static String text(JsonNode body, String field, int maxLength) {
        return Texts.singleLine(field, secret(body, field, maxLength));
    }

    /** A required text taken as it is (a password: never shown, never stored; only NUL is refused). */
    static String secret(JsonNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw ProblemException.badRequest(field, "'" + field + "' is required (a non-empty string).");
        }
        if (v.asText().length() > maxLength) {
            throw ProblemException.badRequest(field, "'" + field + "' is longer than " + maxLength + " characters.");
        }
        return v.asText();
    }

    /** An optional one-line text (null when absent or null): no control characters. */
    static String optionalText(JsonNode body, String field, int maxLength) {
        String s = optional(body, field, maxLength);
        return s == null ? null : Texts.singleLine(field, s);
    }

    /** An optional multi-line text (a note): no control characters but tab, CR and LF. */
    static String optionalMultiline(JsonNode body, String field, int maxLength) {
        String s = optional(body, field, maxLength);
        return s == null ? null : Texts.multiline(field, s);
    }

    /** An optional object of field → value (empty when absent or null); each value as its text. */
    static java.util.Map<String, String> optionalTextMap(JsonNode body, String field) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw ProblemException.badRequest(field, "'" + field + "' must be an object of field → value.");
        }
        v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /**
     * The file of a {@code multipart/form-data} body, in the part named {@code part}: 413 when the body is
     * declared larger than {@code maxBytes} (with room for the other parts) or the container refuses it as too
     * large, 415 when the body is not multipart, 400 when there is no such part or the multipart framing is
     * broken (that one by {@link ErrorMapping}).
     */
    static io.javalin.http.UploadedFile filePart(Context ctx, String part, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes + (1 << 16)) {
            throw new ProblemException(413, part, "The upload is " + declared / (1 << 20) + " MB; at most "
                    + maxBytes / (1 << 20) + " MB are accepted.");
        }
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ProblemException(415, "Content-Type", "Send the file as multipart/form-data, in a part named '"
                    + part + "'.");
        }
        io.javalin.http.UploadedFile file;
        try {
            file = ctx.uploadedFile(part);
        } catch (org.eclipse.jetty.http.HttpException.RuntimeException e) {
            throw e; // a malformed multipart body: ErrorMapping answers 400
        } catch (RuntimeException e) { // the container's size limits on the parts
            throw new ProblemException(413, part, "The upload is too large.");
        }
        if (file == null) {
            throw ProblemException.badRequest(part, "Send the file in a multipart part named '" + part + "'.");
        }
        return file;
    }

    /** The uploaded file's own name, without folders (one line); {@code upload} when it has none. */
    static String fileName(io.javalin.http.UploadedFile file, String part) {
        String name = file.filename() == null ? "upload" : Texts.singleLine(part, file.filename());
        return name.substring(name.replace('\\', '/').lastIndexOf('/') + 1);
    }

    /** A one-line form field of a multipart body (null when absent): at most {@code max} characters. */
    static String form(Context ctx, String name, int max) {
        String v = ctx.formParam(name);
        if (v != null && v.length() > max) {
            throw ProblemException.badRequest(name, "'" + name + "' is longer than " + max + " characters.");
        }
        return Texts.singleLine(name, v);
    }

    /** An optional number (null when absent or null); its range is the rules' to check. */
    static Double optionalNumber(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw ProblemException.badRequest(field, "'" + field + "' must be a number.");
        }
        return v.asDouble();
    }

    private static String optional(JsonNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ProblemException.badRequest(field, "'" + field + "' must be a string.");
        }
        if (v.asText().length() > maxLength) {
            throw ProblemException.badRequest(field, "'" + field + "' is longer than " + maxLength + " characters.");
        }
        return v.asText();
    }

    /** A 400 naming the first member (as a dotted path, {@code geometry.coordinates[3]}) whose name or text holds NUL. */
    private static void refuseNul(JsonNode node, String path) {
        if (node.isTextual()) {
            Texts.noNul(path.isEmpty() ? "body" : path, node.asText());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseNul(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (var it = node.fields(); it.hasNext();) {
                var e = it.next();
                String name = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                Texts.noNul(name, e.getKey());
                refuseNul(e.getValue(), name);
            }
        }
    }
}
