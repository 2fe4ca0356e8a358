package org.xiangtu.analysis;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.xiangtu.store.Feature;

/** Sums, counts, ratios and weighted means of feature properties. Pure and static; nulls count as absent. */
public final class Aggregates {
    private Aggregates() {
    }

    /** The sum of a numeric property over the features (nulls skipped). */
    public static double sum(Collection<Feature> features, String field) {
        return features.stream().map(f -> f.properties().get(field)).filter(v -> v instanceof Number)
                .mapToDouble(v -> ((Number) v).doubleValue()).sum();
    }

    public static long count(Collection<Feature> features, Predicate<Feature> which) {
        return features.stream().filter(which).count();
    }

    /** The features whose property equals the value. */
    public static List<Feature> where(Collection<Feature> features, String field, Object value) {
        return features.stream().filter(f -> value.equals(f.properties().get(field))).toList();
    }

    /** Σ numerator ÷ Σ denominator, or NaN when the denominator sums to 0. */
    public static double ratio(Collection<Feature> features, String numerator, String denominator) {
        double d = sum(features, denominator);
        return d == 0 ? Double.NaN : sum(features, numerator) / d;
    }

    /** The mean of {@code field} weighted by {@code weight} (features missing either are left out). */
    public static double weightedMean(Collection<Feature> features, String field, String weight) {
        double num = 0;
        double den = 0;
        for (Feature f : features) {
            Object v = f.properties().get(field);
            Object w = f.properties().get(weight);
            if (v instanceof Number n && w instanceof Number m) {
                num += n.doubleValue() * m.doubleValue();
                den += m.doubleValue();
            }
        }
        return den == 0 ? Double.NaN : num / den;
    }
}
