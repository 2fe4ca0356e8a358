package org.xiangtu.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.config.AppConfig;
import org.xiangtu.service.LayerService;

/** The pages' API: the catalogue as the caller may see it, with the map settings. */
public final class ApiController {
    private final LayerService layers;
    private final AppConfig.Basemap basemap;

    public ApiController(LayerService layers, AppConfig config) {
        this.layers = layers;
        this.basemap = config.basemap();
    }

    public void catalog(Context ctx) {
        Catalog c = layers.catalog(CurrentUser.role(ctx));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", c.title());
        body.put("notice", c.notice());
        body.put("basemap", basemap.url() == null ? null : basemap);
        body.put("groups", c.groups());
        body.put("layers", c.layers());
        Json.write(ctx, body);
    }
}
