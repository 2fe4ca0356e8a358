package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.config.AppConfig;
import org.xiangtu.edit.PlannerLayers;
import org.xiangtu.service.LayerService;
import org.xiangtu.service.PlannerImports;
import org.xiangtu.store.PlannerLayerStore.Layer;
import org.xiangtu.io.upload.UploadLimits;
import org.xiangtu.io.upload.UploadOptions;

/**
 * Planners' imports ({@code POST /api/uploads}, multipart with {@code file}) and the planner layers
 * they make: list, describe, publish/withdraw, delete. Their features are served by the OGC items
 * route like every layer's ({@code /ogc/collections/{id}/items}); the old items path redirects there.
 * An upload is imported by {@link PlannerImports}: read completely before anything is written, then
 * stored in one transaction, so a bad file changes nothing.
 */
public final class PlannerLayersController {
    /** Upload limits of the server: 50 MB on the wire, 200 MB unzipped, 100,000 features, 500,000 vertices. */
    public static final UploadLimits LIMITS = new UploadLimits(50L << 20, 200L << 20, 50, 100_000, 500_000);
    /** The longest {@code crs} option: room for any {@code .prj}'s WKT. */
    static final int CRS_MAX = 8000;
    private final PlannerLayers layers;
    private final PlannerImports imports;

    /** @param uploads the reading time limit ({@code uploads.readTimeoutSeconds}); sizes are {@link #LIMITS} */
    public PlannerLayersController(PlannerLayers layers, AppConfig.Uploads uploads, LayerService catalogue) {
        this.layers = layers;
        this.imports = new PlannerImports(layers, new UploadLimits(LIMITS.maxBytes(), LIMITS.maxUnzippedBytes(),
                LIMITS.maxZipEntries(), LIMITS.maxFeatures(), LIMITS.maxVertices(), uploads.readTimeoutSeconds() * 1000L),
                catalogue);
    }

    public void upload(Context ctx) throws IOException {
        UploadedFile file = Bodies.filePart(ctx, "file", LIMITS.maxBytes());
        String name = Bodies.fileName(file, "file");
        String title = Bodies.form(ctx, "title", 200);
        UploadOptions options = options(ctx);
        Layer layer;
        try (InputStream in = file.content()) {
            layer = imports.importFile(name, in, options, title, CurrentUser.name(ctx), ctx.ip());
        }
        ctx.status(201).header("Location", "/api/planner-layers/" + layer.id());
        Json.write(ctx, describe(layer));
    }

    /**
     * The reading options of an upload's form. {@code crs} may be a {@code .prj}'s WKT, which GDAL writes on
     * several lines, so line breaks are allowed in it (up to {@value #CRS_MAX} characters).
     */
    static UploadOptions options(Context ctx) {
        String crs = ctx.formParam("crs");
        if (crs != null && crs.length() > CRS_MAX) {
            throw ProblemException.badRequest("crs", "'crs' is longer than " + CRS_MAX + " characters.");
        }
        return new UploadOptions(UploadOptions.flag(Bodies.form(ctx, "gcj02", 5), "gcj02"),
                blankToNull(Texts.multiline("crs", crs)), blankToNull(Bodies.form(ctx, "encoding", 40)),
                blankToNull(Bodies.form(ctx, "lon", 100)), blankToNull(Bodies.form(ctx, "lat", 100)),
                blankToNull(Bodies.form(ctx, "towgs84", 200)), blankToNull(Bodies.form(ctx, "join", 40)),
                blankToNull(Bodies.form(ctx, "join_column", 100)));
    }

    public void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        layers.list().forEach(l -> out.add(describe(l)));
        ctx.header("Cache-Control", "no-cache");
        Json.write(ctx, Map.of("layers", out));
    }

    public void layer(Context ctx) {
        Json.write(ctx, describe(find(ctx)));
    }

    /**
     * The old items path ({@code /api/planner-layers/{id}/items}), kept for one release: a permanent
     * redirect (308) to the layer's OGC items, with the query as it came and the old default page size.
     */
    public void items(Context ctx) {
        String query = ctx.queryString() == null ? "" : ctx.queryString();
        if (ctx.queryParam("limit") == null) {
            query = query.isEmpty() ? "limit=1000" : query + "&limit=1000";
        }
        ctx.status(308).header("Location", "/ogc/collections/" + java.net.URLEncoder.encode(ctx.pathParam("id"),
                java.nio.charset.StandardCharsets.UTF_8) + "/items?" + query);
    }

    public void update(Context ctx) {
        Layer layer = owned(ctx);
        JsonNode body = Bodies.json(ctx);
        JsonNode published = body.get("published");
        if (published == null || !published.isBoolean() || body.size() != 1) {
            throw ProblemException.badRequest("published", "Send {\"published\": true} or {\"published\": false}.");
        }
        Layer now = layers.publish(layer.id(), published.asBoolean(), CurrentUser.name(ctx), ctx.ip())
                .orElseThrow(() -> new NotFoundException("id", "There is no planner layer '" + layer.id() + "'."));
        Json.write(ctx, describe(now));
    }

    public void delete(Context ctx) {
        Layer layer = owned(ctx);
        layers.delete(layer.id(), CurrentUser.name(ctx), ctx.ip());
        ctx.status(204);
    }

    /**
     * The layer of the request, which the caller may change: a planner publishes, withdraws and deletes
     * the layers they imported; an administrator any layer (403 otherwise).
     */
    private Layer owned(Context ctx) {
        Layer layer = find(ctx);
        boolean admin = CurrentUser.reaches(CurrentUser.role(ctx), org.xiangtu.catalog.Role.ADMIN);
        if (!admin && !java.util.Objects.equals(layer.owner(), CurrentUser.name(ctx))) {
            throw new ProblemException(403, "id", "Planner layer '" + layer.id() + "' belongs to " + layer.owner()
                    + "; only they or an administrator may publish, withdraw or delete it.");
        }
        return layer;
    }

    private Layer find(Context ctx) {
        String id = ctx.pathParam("id");
        return layers.find(id).orElseThrow(() -> new NotFoundException("id", "There is no planner layer '" + id + "'."));
    }

    static Map<String, Object> describe(Layer l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("title", l.title());
        m.put("owner", l.owner());
        m.put("geometryKind", l.geometryKind().json());
        m.put("features", l.features());
        m.put("published", l.published());
        m.put("source", l.source());
        List<Map<String, Object>> fields = new ArrayList<>();
        l.fields().forEach(f -> fields.add(Map.of("name", f.name(), "title", f.title(), "type", f.type().json())));
        m.put("fields", fields);
        m.put("extent", l.extent() == null ? null
                : List.of(l.extent().getMinX(), l.extent().getMinY(), l.extent().getMaxX(), l.extent().getMaxY()));
        m.put("report", l.report());
        m.put("createdAt", l.createdAt().toString());
        m.put("synthetic", false);
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
