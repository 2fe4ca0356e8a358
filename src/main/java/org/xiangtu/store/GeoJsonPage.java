package org.xiangtu.store;

import java.util.List;

/** One items page ready to be written as GeoJSON, and the number of features matching the query in all pages. */
public record GeoJsonPage(List<GeoJsonFeature> features, long numberMatched) {
    public GeoJsonPage {
        features = List.copyOf(features);
    }

    /** A page of JTS features. */
    public static GeoJsonPage of(FeaturePage page) {
        return new GeoJsonPage(page.features().stream().map(GeoJsonFeature::of).toList(), page.numberMatched());
    }
}
