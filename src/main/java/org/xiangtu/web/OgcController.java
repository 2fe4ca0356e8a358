package org.xiangtu.web;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.config.AppConfig;
import org.xiangtu.ogc.FeatureJson;
import org.xiangtu.ogc.Link;
import org.xiangtu.ogc.OgcDocuments;
import org.xiangtu.service.LayerService;
import org.xiangtu.store.Feature;
import org.xiangtu.store.GeoJsonPage;
import org.xiangtu.store.InvalidQueryException;

/** OGC API – Features Part 1 Core under {@code /ogc}: parse, ask the layer service, write. */
public final class OgcController {
    static final String ROOT = "/ogc";
    private static final List<String> DOC_PARAMS = List.of("f");
    private static final List<String> ITEMS_PARAMS = List.of("f", "bbox", "limit", "offset", "datetime");

    private final LayerService layers;
    private final AppConfig config;
    private final byte[] openapi;

    public OgcController(LayerService layers, AppConfig config) {
        this.layers = layers;
        this.config = config;
        try (InputStream in = OgcController.class.getResourceAsStream("/openapi.json")) {
            this.openapi = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the OpenAPI document is missing from the classpath", e);
        }
    }

    public void landing(Context ctx) {
        Map<String, String> params = RequestParams.only(ctx, DOC_PARAMS);
        checkFormat(params, "json");
        Json.write(ctx, OgcDocuments.landing(layers.catalog(Role.PUBLIC), base(ctx)));
    }

    public void conformance(Context ctx) {
        checkFormat(RequestParams.only(ctx, DOC_PARAMS), "json");
        Json.write(ctx, OgcDocuments.conformance());
    }

    public void api(Context ctx) {
        checkFormat(RequestParams.only(ctx, DOC_PARAMS), "json");
        ctx.contentType(Json.OPENAPI).result(openapi);
    }

    public void collections(Context ctx) {
        checkFormat(RequestParams.only(ctx, DOC_PARAMS), "json");
        Role role = CurrentUser.role(ctx);
        Catalog catalog = layers.catalog(role);
        Json.write(ctx, OgcDocuments.collections(catalog, layers.ogcLayers(role), layers.summaries(role), base(ctx)));
    }

    public void collection(Context ctx) {
        checkFormat(RequestParams.only(ctx, DOC_PARAMS), "json");
        LayerDef layer = layer(ctx);
        Catalog catalog = layers.catalog(CurrentUser.role(ctx));
        Json.write(ctx, OgcDocuments.collection(catalog, layer, layers.summary(layer.id()), base(ctx)));
    }

    public void items(Context ctx) {
        LayerDef layer = layer(ctx);
        Map<String, String> params = RequestParams.single(ctx.queryParamMap());
        checkFormat(params, "json", "geojson");
        RequestParams.ItemsQuery q = RequestParams.items(params, config.paging().defaultLimit(),
                config.paging().maxLimit(), ITEMS_PARAMS);
        GeoJsonPage page = layers.items(layer.id(), CurrentUser.role(ctx), q.bbox(), q.filters(), q.datetime(),
                q.limit(), q.offset());
        List<Link> links = OgcDocuments.itemLinks(base(ctx) + "/collections/" + layer.id(), params, q.offset(),
                q.limit(), page.size(), page.numberMatched());
        // the page is read (and the connection given back) before the first byte, so store errors
        // still become a problem+json answer; the JSON then goes straight to the response, unbuffered
        ctx.contentType(Json.GEOJSON);
        try {
            FeatureJson.writeCollection(ctx.outputStream(), page, links, Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void item(Context ctx) {
        LayerDef layer = layer(ctx);
        checkFormat(RequestParams.only(ctx, DOC_PARAMS), "json", "geojson");
        String fid = ctx.pathParam("featureId");
        Feature feature = layers.feature(layer.id(), fid, CurrentUser.role(ctx)).orElseThrow(() ->
                new NotFoundException("featureId", "Collection '" + layer.id() + "' has no feature '" + fid + "'."));
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            FeatureJson.writeOne(out, feature, OgcDocuments.itemLinks(base(ctx) + "/collections/" + layer.id(), fid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.contentType(Json.GEOJSON).result(out.toByteArray());
    }

    private LayerDef layer(Context ctx) {
        String id = ctx.pathParam("collectionId");
        return layers.layer(id, CurrentUser.role(ctx)).orElseThrow(() ->
                new NotFoundException("collectionId", "There is no collection '" + id + "'."));
    }

    /** The API root in links ({@link ServerAddress}); absolute, as GDAL 3.6 resolves root-relative links wrongly. */
    private String base(Context ctx) {
        return ServerAddress.of(ctx, config.server().publicUrl()) + ROOT;
    }

    private static void checkFormat(Map<String, String> params, String... formats) {
        String f = params.get("f");
        if (f != null && !List.of(formats).contains(f)) {
            throw new InvalidQueryException("f", "f='" + f + "' is not offered; use " + String.join(" or ", formats));
        }
    }
}
