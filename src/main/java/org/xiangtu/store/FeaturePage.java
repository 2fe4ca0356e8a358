package org.xiangtu.store;

import java.util.List;

/** One page of features and the number of features matching the query in all pages. */
public record FeaturePage(List<Feature> features, long numberMatched) {
    public FeaturePage {
        features = List.copyOf(features);
    }
}
