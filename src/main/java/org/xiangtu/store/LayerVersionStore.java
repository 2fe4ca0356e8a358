package org.xiangtu.store;

import java.time.Instant;
import java.util.List;
import org.xiangtu.catalog.LayerDef;

/**
 * Replacing or merging a catalogue layer's features with the previous version kept, so that an admin can
 * roll back (issue 18, onboarding a catalogue layer).
 *
 * <p>Versions are numbered per layer from 1. Each version keeps a copy of the layer <em>as it was before
 * that version was applied</em> (every feature: id, geometry as WKB, properties as JSON text, in the
 * tables {@code xiangtu_layer_versions} and {@code xiangtu_layer_version_features}; a copy rather than a
 * shadow table so that one generic pair of tables serves every layer and no DDL runs on apply). Rolling
 * back to version {@code v} restores that copy (the layer as it was just before {@code v}) and is itself a
 * new version, whose copy is the layer before the rollback, so a rollback can be undone the same way.
 *
 * <p>Each change runs in one transaction with its audit entry: a failure anywhere (a feature the table
 * refuses, the database gone) leaves the layer, the versions and the audit log as they were. Features
 * must fit the layer (ids, geometry kind, catalogue field types, {@code updated_at} RFC 3339): callers
 * check them first ({@code edit/onboarding}); a value of the wrong Java type is an
 * {@link IllegalArgumentException}, after which nothing is written. Thread-safe; on GeoPackage changes
 * take turns with every other write, on PostGIS a change locks its layer's versions row order.
 */
public interface LayerVersionStore {

    /**
     * One version of a layer.
     *
     * @param action {@code replace}, {@code merge} or {@code rollback}
     * @param rolledBackTo for a rollback, the version whose copy was restored; else null
     * @param written features written (added or changed); {@code removed} features deleted
     * @param kept how many features the copy of the layer before this version holds
     */
    record Version(String layerId, long version, String action, Instant at, String actor, Long rolledBackTo,
            int written, int removed, int kept) {
    }

    /**
     * Replaces the layer's features by {@code features} ({@code merge} false), or writes them over the
     * features of the same ids and adds the others ({@code merge} true), keeping the layer as it was as a
     * new version, in one transaction with {@code audit} (its detail is kept as given).
     *
     * @return the new version's number
     */
    long replace(LayerDef layer, List<Feature> features, boolean merge, AuditEntry audit);

    /** The layer's versions, newest first; empty when it was never replaced. */
    List<Version> versions(String layerId);

    /**
     * Restores the layer as it was before {@code version} was applied, as a new version, in one transaction
     * with {@code audit}.
     *
     * @return the new version's number
     * @throws java.util.NoSuchElementException when the layer has no such version
     */
    long rollback(LayerDef layer, long version, AuditEntry audit);
}
