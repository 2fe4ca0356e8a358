package org.xiangtu.store;

import java.util.Map;

/**
 * One feature of an items page, ready to be written as GeoJSON: its id, its geometry (see
 * {@link GeometryJson}) and its properties as in {@link Feature#properties()}.
 */
public record GeoJsonFeature(String id, GeometryJson geometry, Map<String, Object> properties) {

    /** The same feature, its JTS geometry written by {@code GeoJsonGeometry}. */
    public static GeoJsonFeature of(Feature f) {
        return new GeoJsonFeature(f.id(), GeometryJson.of(f.geometry()), f.properties());
    }
}
