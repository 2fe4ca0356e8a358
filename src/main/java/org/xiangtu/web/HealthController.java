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
        boolean admin = CurrentUser.reaches(CurrentUser.role(ctx), org.xiangtu.catalog.Role.ADMIN);
        Map<String, Object> storeInfo = new LinkedHashMap<>();
        storeInfo.put("kind", store.kind());
        if (admin) {
            storeInfo.put("location", store.location());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("store", storeInfo);
        Probe probe = probe();
        storeInfo.put("reachable", probe.problem() == null);
        body.put("status", probe.problem() == null ? "ok" : "unavailable");
        if (probe.problem() == null) {
            body.put("dataAsOf", probe.dataAsOf() == null ? null : probe.dataAsOf().toString());
        } else if (admin) {
            body.put("detail", probe.problem());
        }
        ctx.status(probe.problem() == null ? 200 : 503).header("Cache-Control", "no-store");
        Json.write(ctx, body);
    }

    /** What the store said: the newest data's time, or why it did not answer. */
    private record Probe(Instant dataAsOf, String problem) {
    }

    /**
     * Asks the store. An unreachable store is this route's answer (503 with the same body shape a load
     * balancer reads), not an error, so it is caught here rather than in {@link ErrorMapping}.
     */
    private Probe probe() {
        try {
            store.ping();
            return new Probe(store.collections().stream().map(CollectionInfo::lastUpdate).filter(Objects::nonNull)
                    .max(Instant::compareTo).orElse(null), null);
        } catch (StoreUnavailableException e) {
            return new Probe(null, e.getMessage());
        }
    }
}
