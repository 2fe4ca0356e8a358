package org.xiangtu.web;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.xiangtu.store.CollectionInfo;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.StoreUnavailableException;

/**
 * {@code /health}: whether the store answers, how recent the data is, and which version runs. The
 * public (a load balancer, a wall screen) sees the store's kind and status only; where it is (file path,
 * JDBC URL and user) and why it is unreachable are for administrators.
 */
public final class HealthController {
    private final FeatureStore store;
    private final String version;

    public HealthController(FeatureStore store, String version) {
        this.store = store;
        this.version = version;
    }

    public void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> storeInfo = new LinkedHashMap<>();
        storeInfo.put("kind", store.kind());
        boolean admin = CurrentUser.reaches(CurrentUser.role(ctx), org.xiangtu.catalog.Role.ADMIN);
        if (admin) {
            storeInfo.put("location", store.location());
        }
        body.put("version", version);
        body.put("store", storeInfo);
        try {
            store.ping();
            Instant asOf = store.collections().stream().map(CollectionInfo::lastUpdate).filter(Objects::nonNull)
                    .max(Instant::compareTo).orElse(null);
            storeInfo.put("reachable", true);
            body.put("status", "ok");
            body.put("dataAsOf", asOf == null ? null : asOf.toString());
            ctx.header("Cache-Control", "no-store");
            Json.write(ctx, body);
        } catch (StoreUnavailableException e) {
            storeInfo.put("reachable", false);
            body.put("status", "unavailable");
            if (admin) {
                body.put("detail", e.getMessage());
            }
            ctx.status(503).header("Cache-Control", "no-store");
            Json.write(ctx, body);
        }
    }
}
