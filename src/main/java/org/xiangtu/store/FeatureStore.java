package org.xiangtu.store;

import java.util.List;
import java.util.Optional;

/**
 * The one interface between the services and a store of layers (GeoPackage or PostGIS).
 *
 * <p>Every collection is a layer of the catalogue the store was opened with. Geometry comes back
 * in lon/lat (x = longitude, y = latitude, RFC 7946 axis order), EPSG:4490 (CGCS2000, treated as
 * WGS84), with SRID 4490 set on the JTS geometry; a feature of a layer without geometry, or whose
 * geometry is null, has a {@code null} geometry. Feature order is by feature {@code id} (binary,
 * code point order) on every store, so paging with offset is stable.
 *
 * <p>Implementations are thread-safe. Methods never return {@code null}; "absent" is an empty
 * {@link Optional}. A store that cannot be reached throws {@link StoreUnavailableException}; a
 * query the store cannot run throws {@link InvalidQueryException}.
 */
public interface FeatureStore extends AutoCloseable {

    /** Which technology this is, for logs and {@code /health}: "geopackage" or "postgis". */
    String kind();

    /** Where the data lives, for logs and {@code /health}, without any password. */
    String location();

    /** Summary of every collection, in catalogue order. */
    List<CollectionInfo> collections();

    /** Summary of one collection; empty if the store has no such collection. */
    Optional<CollectionInfo> collection(String collectionId);

    /**
     * A page of features matching the query, with the total number matched.
     *
     * @throws IllegalArgumentException if the store has no such collection or a filter names a field
     *     the layer does not have (callers check against the catalogue first)
     */
    FeaturePage features(String collectionId, FeatureQuery query);

    /**
     * The same page as {@link #features}, for writing as GeoJSON (the OGC items response): a store
     * may hand over geometry already rendered as GeoJSON text, which must carry the same coordinates
     * (the same doubles once parsed) as {@link #features} gives. By default, {@link #features}.
     *
     * @throws IllegalArgumentException as {@link #features}
     */
    default GeoJsonPage geoJsonFeatures(String collectionId, FeatureQuery query) {
        return GeoJsonPage.of(features(collectionId, query));
    }

    /**
     * One feature by its {@code id}, with the given properties; empty if there is none.
     *
     * @param properties the names of the properties to return ({@code updated_at} is always returned)
     */
    Optional<Feature> feature(String collectionId, String featureId, List<String> properties);

    /**
     * Opens the writable side of this store (users, audit log, project edits) on its own
     * connection(s); the caller closes it before closing this store. Creates nothing that the
     * store's schema does not already declare, except on GeoPackage, where the work tables are made
     * on first use.
     *
     * @throws StoreUnavailableException when the store cannot be reached
     */
    WorkStore openWork();

    /** Checks the store answers; throws {@link StoreUnavailableException} if it does not. */
    void ping();

    @Override
    void close();
}
