package org.xiangtu.store;

import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;

/**
 * What to read from a collection.
 *
 * @param bbox features whose geometry intersects this lon/lat box; null for all
 * @param filters field name → value (String, Long, Double or Boolean) that must be equal; all must hold
 * @param updated features whose {@code updated_at} lies in this interval; null for all
 * @param properties names of the properties to return, in order ({@code updated_at} is always returned)
 * @param limit at most this many features (≥ 1)
 * @param offset skip this many matching features first (≥ 0)
 */
public record FeatureQuery(
        Envelope bbox,
        Map<String, Object> filters,
        TimeInterval updated,
        List<String> properties,
        int limit,
        int offset) {

    public FeatureQuery {
        filters = Map.copyOf(filters);
        properties = List.copyOf(properties);
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be ≥ 1 and offset ≥ 0");
        }
    }

    /** All features, all given properties, the first {@code limit}. */
    public static FeatureQuery all(List<String> properties, int limit) {
        return new FeatureQuery(null, Map.of(), null, properties, limit, 0);
    }
}
