package org.xiangtu.edit;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xiangtu.account.AuditLog;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.PlannerLayerStore;
import org.xiangtu.store.PlannerLayerStore.Layer;

/**
 * The rules of the layers planners import (survey files from other departments): a new layer gets
 * an id {@code pl-<county date>-<8 hex>}, is stored unpublished with its audit entry, and is announced
 * on the {@link ChangeFeed} to signed-in users only (its id is not public until it is published);
 * publishing, withdrawing and deleting are audited and announced. Storing is the
 * {@link PlannerLayerStore}'s business; how an uploaded file becomes an {@link Import} is
 * {@code service.PlannerUploads}'.
 */
public final class PlannerLayers {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What an import holds, ready to store.
     *
     * @param features the feature stream, read once; {@code count} features long
     * @param report the reader's report, kept with the layer for planners to read
     * @param repaired how many geometries were repaired, for the audit entry
     * @param dropped how many features were left out, for the audit entry
     */
    public record Import(GeometryKind geometryKind, List<PlannerLayerStore.Field> fields,
            Iterable<PlannerLayerStore.NewFeature> features, int count, Map<String, Object> report, int repaired,
            int dropped) {
    }

    private final PlannerLayerStore store;
    private final ChangeFeed feed;

    public PlannerLayers(PlannerLayerStore store, ChangeFeed feed) {
        this.store = store;
        this.feed = feed;
    }

    /** Stores an import as a new (unpublished) layer, in one transaction with its audit entry. */
    public Layer create(Import source, String title, String sourceFile, String owner, String address) {
        String id = "pl-" + LocalDate.now(ProjectEdits.COUNTY_ZONE).toString().replace("-", "") + "-"
                + HexFormat.of().formatHex(bytes(4));
        AuditEntry audit = AuditEntry.of(owner, address, "import", id, "ok", AuditLog.json(Map.of("title", title,
                "file", sourceFile == null ? "" : sourceFile, "features", source.count(),
                "repaired", source.repaired(), "dropped", source.dropped())));
        Layer layer = store.create(new PlannerLayerStore.NewLayer(id, title, owner, source.geometryKind(),
                source.fields(), sourceFile, source.report(), Instant.now()), source.features(), audit);
        // a new layer is unpublished: its id is for signed-in users (who may list planner layers), not the public
        feed.publish("layer", List.of(id), Map.of("id", id, "action", "import"), Role.LEADER);
        return layer;
    }

    /** Every layer, published or not, by creation time. */
    public List<Layer> list() {
        return store.list();
    }

    public Optional<Layer> find(String id) {
        return store.find(id);
    }

    /** Publishes (or withdraws) a layer in the OGC API; empty if there is no such layer. */
    public Optional<Layer> publish(String id, boolean published, String user, String address) {
        String action = published ? "publish" : "unpublish";
        Optional<Layer> done = store.publish(id, published, Instant.now(),
                AuditEntry.of(user, address, action, id, "ok", null));
        done.ifPresent(l -> feed.publish("layer", List.of(id), Map.of("id", id, "action", action)));
        return done;
    }

    /** Deletes a layer and its features; false if there is no such layer. */
    public boolean delete(String id, String user, String address) {
        Optional<Layer> was = store.delete(id, AuditEntry.of(user, address, "delete-layer", id, "ok", null));
        // the public heard of the layer only if it was published
        was.ifPresent(l -> feed.publish("layer", List.of(id), Map.of("id", id, "action", "delete"),
                l.published() ? Role.PUBLIC : Role.LEADER));
        return was.isPresent();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
