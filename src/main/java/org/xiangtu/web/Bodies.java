package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;

/** Reading request bodies: JSON only, with clear 4xx answers naming the field at fault. */
final class Bodies {
    /** Largest JSON body accepted (a drawn geometry with many vertices fits). */
    static final int MAX_JSON = 2 * 1024 * 1024;

    private Bodies() {
    }

    static JsonNode json(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ProblemException(415, "Content-Type", "Send the body as application/json.");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_JSON) {
            throw new ProblemException(413, "body", "The body is larger than " + MAX_JSON / 1024 + " KiB.");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ProblemException.badRequest("body", "The body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw ProblemException.badRequest("body", notJson(e));
        }
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

    static String text(JsonNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw ProblemException.badRequest(field, "'" + field + "' is required (a non-empty string).");
        }
        if (v.asText().length() > maxLength) {
            throw ProblemException.badRequest(field, "'" + field + "' is longer than " + maxLength + " characters.");
        }
        return v.asText();
    }

    static String optionalText(JsonNode body, String field, int maxLength) {
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
}
