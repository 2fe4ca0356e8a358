package org.xiangtu.store;

import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * One feature: its stable string id, its geometry in lon/lat (may be null) and its properties in
 * the order they were asked for ({@code updated_at} last). Property values are String, Long,
 * Double, Boolean or null; dates are ISO strings.
 */
public record Feature(String id, Geometry geometry, Map<String, Object> properties) {
}
