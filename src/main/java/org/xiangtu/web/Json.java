package org.xiangtu.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;

/** Writes JSON answers, always with {@code ; charset=utf-8} in the content type. */
public final class Json {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String GEOJSON = "application/geo+json; charset=utf-8";
    public static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0; charset=utf-8";
    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static void write(Context ctx, Object body) {
        write(ctx, JSON, body);
    }

    public static void write(Context ctx, String contentType, Object body) {
        try {
            ctx.contentType(contentType).result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
