package org.xiangtu.io.upload;

import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * One uploaded feature.
 *
 * @param geometry EPSG:4490 lon/lat (x = lon), SRID 4490, made by {@code Crs.LONLAT}; null when the source had none
 * @param properties by field name: String, Long, Double, Boolean or null; dates as ISO yyyy-MM-dd strings
 */
public record UploadFeature(Geometry geometry, Map<String, Object> properties) {
}
