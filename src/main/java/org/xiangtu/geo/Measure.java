package org.xiangtu.geo;

import org.locationtech.jts.geom.Geometry;

/**
 * Lengths, areas and distances of lon/lat geometries, measured in EPSG:4544 (CGCS2000 Gauss–Krüger,
 * CM 105° E) — never in degrees. Not thread-safe (holds a {@link GaussKruger}); one per task.
 */
public final class Measure {
    /** One mu (亩) in square metres: 10,000 / 15. */
    public static final double SQM_PER_MU = 10_000.0 / 15.0;

    private final GaussKruger gk = new GaussKruger();

    public double lengthMetres(Geometry lonLat) {
        return lonLat == null ? 0 : gk.toMetric(lonLat).getLength();
    }

    public double areaSqm(Geometry lonLat) {
        return lonLat == null ? 0 : gk.toMetric(lonLat).getArea();
    }

    public double areaMu(Geometry lonLat) {
        return areaSqm(lonLat) / SQM_PER_MU;
    }

    /** The metric copy, for callers that measure one geometry against many. */
    public Geometry metric(Geometry lonLat) {
        return gk.toMetric(lonLat);
    }
}
