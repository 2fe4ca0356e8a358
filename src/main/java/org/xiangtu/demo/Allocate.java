package org.xiangtu.demo;

/** Splits a whole-number total over weights so the parts add up exactly (largest remainder method). */
final class Allocate {
    private Allocate() {
    }

    /** Parts proportional to {@code weights} (≥ 0, not all 0 unless total is 0) summing to {@code total}. */
    static long[] byWeight(long total, double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        long[] parts = new long[weights.length];
        if (total == 0) {
            return parts;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("no weight to allocate " + total + " over");
        }
        double[] rest = new double[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = total * weights[i] / sum;
            parts[i] = (long) Math.floor(exact);
            rest[i] = exact - parts[i];
            given += parts[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = -1;
            for (int i = 0; i < rest.length; i++) {
                if (weights[i] > 0 && (best < 0 || rest[i] > rest[best])) {
                    best = i;
                }
            }
            parts[best]++;
            rest[best] = -1;
        }
        return parts;
    }

    /** Like {@link #byWeight} but every part at least {@code floor[i]}: the floors first, the rest by weight. */
    static long[] withFloor(long total, long[] floor, double[] weights) {
        long min = 0;
        for (long f : floor) {
            min += f;
        }
        if (min > total) {
            throw new IllegalArgumentException("floors " + min + " exceed total " + total);
        }
        long[] extra = byWeight(total - min, weights);
        for (int i = 0; i < extra.length; i++) {
            extra[i] += floor[i];
        }
        return extra;
    }

    static long sum(long[] parts) {
        long s = 0;
        for (long p : parts) {
            s += p;
        }
        return s;
    }
}
