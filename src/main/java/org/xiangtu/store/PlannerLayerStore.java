package org.xiangtu.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;

/**
 * Where the layers planners import live (survey files of other departments): each layer's
 * description and its features, in generic tables, so an import needs no DDL. The rules (who may
 * import, publish or delete, the layer id, what the audit entry says, how an uploaded file becomes a
 * feature stream) live in {@code edit.PlannerLayers}; a layer is read beside the catalogue's through
 * {@link CompositeLayerStore}.
 *
 * <p><b>Geometry</b> is written and read in lon/lat (x = longitude, y = latitude, RFC 7946 axis
 * order), EPSG:4490 (CGCS2000), two dimensions; features read back carry SRID 4490 on their JTS
 * geometry. A feature without geometry has a {@code null} geometry. <b>Properties</b> are keyed by
 * the layer's {@linkplain Field#name() field names} and hold String, Long, Double, Boolean or null
 * (dates as ISO strings), in field order.
 *
 * <p><b>Features</b> are numbered 1, 2, 3 … in the order of the stream they were created from; a
 * feature's id is {@code <layer id>.<number>}, and pages are in that order (import order), so paging
 * with offset is stable. {@link #features} answers a {@link FeatureQuery} as a catalogue layer does:
 * {@code bbox} keeps the features whose <em>geometry</em> intersects the box (touching counts; a
 * feature whose bounding box meets the box but whose shape does not is neither returned nor
 * counted; a feature without geometry never matches a box); {@code limit} and {@code offset} page
 * the matching features; {@code numberMatched} counts all of them. Planner features have no
 * {@code updated_at} and are not filtered by field values: a query with {@code filters} or
 * {@code updated} throws {@link InvalidQueryException} naming the field (or {@code datetime}).
 *
 * <p><b>Writes</b>: {@link #create}, {@link #publish} and {@link #delete} each happen in one
 * transaction together with their audit entry: a layer row never exists without its features and its
 * audit entry. When the write fails (the feature stream throws, a value is refused, the store goes
 * away in the middle), nothing of it is written. Of concurrent writes to one layer, each sees the
 * state the previous one left: of two deletes exactly one finds the layer; a publish after a delete
 * finds nothing and writes no audit entry; the layer's {@code published} is the one of its last
 * audit entry.
 *
 * <p>Implementations are thread-safe. Methods never return {@code null}; "no such layer" is an empty
 * {@link Optional} (or an empty page). A store that cannot be reached throws
 * {@link StoreUnavailableException}.
 */
public interface PlannerLayerStore {

    /** A field of a planner layer: safe name (the property key), original name as title, type. */
    record Field(String name, String title, FieldType type) {
    }

    /**
     * One feature to store.
     *
     * @param geometry lon/lat, EPSG:4490; null when it has none
     * @param properties by field name; keys that are not fields of the layer are not stored
     */
    record NewFeature(Geometry geometry, Map<String, Object> properties) {
    }

    /**
     * What a new layer is: all but {@code report} and {@code source} required. It is created
     * unpublished, stamped {@code at} as created and updated.
     *
     * @param report the import report (JSON-like values), shown to planners as it is
     */
    record NewLayer(String id, String title, String owner, GeometryKind geometryKind, List<Field> fields,
            String source, Map<String, Object> report, Instant at) {
        public NewLayer {
            fields = List.copyOf(fields);
        }
    }

    /**
     * A stored layer's description.
     *
     * @param features the number of features
     * @param extent the lon/lat extent of its geometries; null when it has none
     * @param report the import report; empty when none was given
     */
    record Layer(String id, String title, String owner, GeometryKind geometryKind, List<Field> fields,
            int features, boolean published, String source, Map<String, Object> report, Envelope extent,
            Instant createdAt, Instant updatedAt) {
        public Layer {
            fields = List.copyOf(fields);
        }
    }

    /**
     * Stores a new, unpublished layer with the features of the stream (read once, in order) and the
     * audit entry, in one transaction; the number of features and the extent are counted from the
     * stream.
     *
     * @return the layer as stored
     * @throws RuntimeException whatever the stream throws, or when a value is refused (a missing
     *     required value, an id already taken): nothing is written
     */
    Layer create(NewLayer layer, Iterable<NewFeature> features, AuditEntry audit);

    /** Every layer, published or not, by creation time then id. */
    List<Layer> list();

    /** The layer; empty if there is none. */
    Optional<Layer> find(String id);

    /**
     * A page of the layer's features matching the query (see the class comment), with the number
     * matched; an empty page for a layer that does not exist.
     *
     * @param query its {@code properties} name the fields to return, in that order ({@code updated_at}
     *     is left out: planner features have none)
     * @throws InvalidQueryException when the query filters by field values or {@code updated}
     * @throws IllegalArgumentException when {@code properties} names a field the layer does not have
     */
    FeaturePage features(String layerId, FeatureQuery query);

    /** One feature by its id ({@code <layer id>.<number>}), with every field; empty if there is none. */
    Optional<Feature> feature(String layerId, String featureId);

    /**
     * Lists the layer in the OGC API (or withdraws it) and sets {@code updatedAt} to {@code at}, with
     * the audit entry, in one transaction; empty (and nothing written, no audit entry) if there is no
     * such layer.
     *
     * @return the layer as it now is
     */
    Optional<Layer> publish(String id, boolean published, Instant at, AuditEntry audit);

    /**
     * Removes the layer and its features, with the audit entry, in one transaction; empty (and
     * nothing written) if there is no such layer.
     *
     * @return the layer as it was before
     */
    Optional<Layer> delete(String id, AuditEntry audit);
}
