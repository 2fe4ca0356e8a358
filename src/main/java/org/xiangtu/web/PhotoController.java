package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xiangtu.edit.FieldPhotos;

/**
 * The field app's photos over HTTP. Cadres upload: {@code POST /api/field/photos} begins an upload (201, or
 * 200 with where it stands when begun before), {@code PUT /api/field/photos/{id}/content} sends a chunk
 * named by {@code Content-Range: bytes START-END/TOTAL} (the last one stores the photo),
 * {@code GET /api/field/photos/{id}} tells where it stands, so the device resumes. Readers:
 * {@code GET /api/photos?record=visit&id=…} lists a record's photos, {@code GET /api/photos/{id}?size=thumb|full}
 * serves the JPEG, {@code GET /api/photos/{id}/stamped} the copy with time, village and cadre on it; who may
 * see what is {@link FieldPhotos}'s rule (anybody else: 404). Personal data: cached privately at most.
 */
public final class PhotoController {
    private static final List<String> BEGIN_FIELDS = List.of("id", "record", "record_id", "bytes", "sha256",
            "content_type", "taken_at", "lon", "lat", "device_lon", "device_lat");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,12})-(\\d{1,12})/(\\d{1,12})");
    private final FieldPhotos photos;

    public PhotoController(FieldPhotos photos) {
        this.photos = photos;
    }

    public void begin(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        RequestParams.onlyFields(body, BEGIN_FIELDS);
        Double bytes = Bodies.optionalNumber(body, "bytes");
        FieldPhotos.Begin b = new FieldPhotos.Begin(Bodies.text(body, "id", 64), Bodies.text(body, "record", 16),
                Bodies.text(body, "record_id", 64), bytes == null ? null : (long) Math.floor(bytes),
                Bodies.text(body, "sha256", 64), Bodies.optionalText(body, "content_type", 40),
                Bodies.optionalText(body, "taken_at", 40), Bodies.optionalNumber(body, "lon"),
                Bodies.optionalNumber(body, "lat"), Bodies.optionalNumber(body, "device_lon"),
                Bodies.optionalNumber(body, "device_lat"));
        FieldPhotos.Begun r = photos.begin(CurrentUser.name(ctx), b);
        ctx.header("Cache-Control", "no-store");
        ctx.status(r.created() ? 201 : 200);
        Json.write(ctx, r.state());
    }

    public void content(Context ctx) {
        byte[] data = Bodies.atMost(ctx, photos.maxChunkBytes(), photos::chunkTooLarge);
        Matcher m = CONTENT_RANGE.matcher(String.valueOf(ctx.header("Content-Range")));
        if (!m.matches()) {
            throw ProblemException.badRequest("Content-Range", "Send 'Content-Range: bytes START-END/TOTAL'.");
        }
        long start = Long.parseLong(m.group(1));
        if (Long.parseLong(m.group(2)) - start + 1 != data.length) {
            throw ProblemException.badRequest("Content-Range", "The body must hold exactly bytes START to END.");
        }
        FieldPhotos.State s = photos.put(CurrentUser.name(ctx), ctx.ip(), ctx.pathParam("id"), start,
                Long.parseLong(m.group(3)), data);
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, s);
    }

    public void state(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, photos.state(CurrentUser.name(ctx), ctx.pathParam("id")));
    }

    public void list(Context ctx) {
        Map<String, String> q = RequestParams.only(ctx, List.of("record", "id"));
        ctx.header("Cache-Control", "private, no-cache");
        Json.write(ctx, Map.of("photos", photos.list(CurrentUser.role(ctx), CurrentUser.name(ctx),
                q.getOrDefault("record", "visit"), q.getOrDefault("id", ""))));
    }

    public void image(Context ctx) {
        String size = RequestParams.only(ctx, List.of("size")).getOrDefault("size", "full");
        if (!List.of("thumb", "full").contains(size)) {
            throw ProblemException.badRequest("size", "'size' must be thumb or full.");
        }
        jpeg(ctx, photos.image(CurrentUser.role(ctx), CurrentUser.name(ctx), ctx.pathParam("id"),
                size.equals("thumb")));
    }

    public void stamped(Context ctx) {
        RequestParams.only(ctx, List.of());
        jpeg(ctx, photos.stamped(CurrentUser.role(ctx), ctx.pathParam("id")));
    }

    private static void jpeg(Context ctx, byte[] bytes) {
        ctx.header("Cache-Control", "private, max-age=3600");
        ctx.contentType("image/jpeg");
        ctx.result(bytes);
    }
}
