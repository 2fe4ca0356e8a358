package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.xiangtu.config.AppConfig;
import org.xiangtu.geo.Crs;
import org.xiangtu.geo.GaussKruger;

/**
 * Reads a geometry a planner drew (GeoJSON, lon/lat EPSG:4490) from a request body, with 4xx answers
 * naming the field: 400 for anything that is not a usable geometry, 413 for too many vertices or too
 * wide a drawing ({@link AppConfig.Analysis}: {@code maxVertices}, {@code maxExtentKm}); and the
 * distances that go with it ({@code maxDistanceM}). Every route that takes a drawing reads it here,
 * so one set of bounds holds for all of them: the work of a question grows with these numbers.
 */
final class DrawnGeometry {
    /** Every geometry type a drawing may have. */
    static final java.util.Set<String> ANY = java.util.Set.of("Point", "LineString", "Polygon", "MultiPoint",
            "MultiLineString", "MultiPolygon");

    /** EPSG:4544's area of use: the 3° zone around 105° E, where its metres are metres. */
    static final double MIN_LON = 103.5;
    static final double MAX_LON = 106.5;
    private static final Set<String> TYPES = Set.of("Point", "LineString", "Polygon", "MultiPoint",
            "MultiLineString", "MultiPolygon");

    private DrawnGeometry() {
    }

    /**
     * The geometry in {@code body.field}, of one of {@code types}.
     *
     * @throws ProblemException 400 naming {@code field}, or 413 when it has more than
     *     {@code limits.maxVertices()} vertices or its box is wider or taller than {@code limits.maxExtentKm()}
     */
    static Geometry read(JsonNode body, String field, Set<String> types, AppConfig.Analysis limits) {
        JsonNode g = body.get(field);
        if (g == null || !g.isObject()) {
            throw ProblemException.badRequest(field, "'" + field + "' is required: a GeoJSON geometry object.");
        }
        String type = g.path("type").asText("");
        if (!TYPES.contains(type) || !types.contains(type)) {
            throw ProblemException.badRequest(field, "'" + field + ".type' must be one of " + types.stream().sorted()
                    .toList() + ", not '" + type + "'.");
        }
        if (!g.path("coordinates").isArray()) {
            throw ProblemException.badRequest(field, "'" + field + ".coordinates' must be an array.");
        }
        int max = limits.maxVertices();
        int vertices = countPositions(g.get("coordinates"), max);
        if (vertices > max) {
            throw new ProblemException(413, field, "'" + field + "' has more than " + max + " vertices; at most "
                    + max + " are accepted (analysis.maxVertices).");
        }
        Geometry geometry;
        try {
            geometry = new GeoJsonReader(Crs.LONLAT).read(g.toString());
        } catch (ParseException | RuntimeException e) {
            throw ProblemException.badRequest(field, "'" + field + "' is not a valid GeoJSON " + type + ".");
        }
        if (geometry == null || geometry.isEmpty()) {
            throw ProblemException.badRequest(field, "'" + field + "' is empty.");
        }
        for (Coordinate c : geometry.getCoordinates()) {
            if (!Double.isFinite(c.x) || !Double.isFinite(c.y) || c.y < -90 || c.y > 90) {
                throw ProblemException.badRequest(field, "'" + field + "' has a position that is not lon/lat: ["
                        + c.x + ", " + c.y + "].");
            }
            if (c.x < MIN_LON || c.x > MAX_LON) {
                throw ProblemException.badRequest(field, "'" + field + "' lies outside 103.5°–106.5° E, the zone "
                        + "where it can be measured in EPSG:4544 metres (longitude " + c.x + ").");
            }
        }
        Envelope box = new GaussKruger().toMetric(geometry.getEnvelope()).getEnvelopeInternal();
        double km = Math.max(box.getWidth(), box.getHeight()) / 1_000;
        if (km > limits.maxExtentKm()) {
            throw new ProblemException(413, field, "'" + field + "' spans " + Math.round(km) + " km; at most "
                    + limits.maxExtentKm() + " km across are accepted (analysis.maxExtentKm).");
        }
        IsValidOp valid = new IsValidOp(geometry);
        if (!valid.isValid()) {
            throw ProblemException.badRequest(field, "'" + field + "' is not a valid " + type + ": "
                    + valid.getValidationError().getMessage() + " near " + valid.getValidationError().getCoordinate()
                    + ".");
        }
        geometry.setSRID(Crs.CGCS2000);
        return geometry;
    }

    /**
     * A distance in metres in {@code body.field}, from {@code min} to {@code limits.maxDistanceM()};
     * {@code fallback} when absent or null.
     *
     * @throws ProblemException 400 naming {@code field}
     */
    static double metres(JsonNode body, String field, double fallback, double min, AppConfig.Analysis limits) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        int max = limits.maxDistanceM();
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
            throw ProblemException.badRequest(field, "'" + field + "' must be a number of metres from " + (int) min
                    + " to " + max + " (analysis.maxDistanceM).");
        }
        return v.asDouble();
    }

    /**
     * Positions (innermost arrays of numbers) in a coordinates array, counted without building
     * anything; counting stops once past {@code max}.
     */
    private static int countPositions(JsonNode node, int max) {
        if (!node.isArray()) {
            return 0;
        }
        if (node.isEmpty() || node.get(0).isNumber()) {
            return 1;
        }
        int n = 0;
        for (JsonNode child : node) {
            n += countPositions(child, max);
            if (n > max) {
                return n;
            }
        }
        return n;
    }
}
