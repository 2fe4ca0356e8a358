package org.xiangtu.store;

import java.time.Instant;
import org.locationtech.jts.geom.Envelope;

/**
 * What a store knows of one collection: its id, the lon/lat extent of its geometries (null when it
 * has none), the first and last {@code updated_at} (null when empty) and its number of features.
 */
public record CollectionInfo(String id, Envelope extent, Instant firstUpdate, Instant lastUpdate, long count) {
}
