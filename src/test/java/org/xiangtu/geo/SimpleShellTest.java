package org.xiangtu.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.valid.IsValidOp;

/** {@link SimpleShell} never calls valid what JTS's IsValidOp calls invalid, and does call the usual rings valid. */
class SimpleShellTest {
    private static final GeometryFactory GF = new GeometryFactory();

    private static Geometry wkt(String s) throws Exception {
        return new WKTReader(GF).read(s);
    }

    private static Polygon ring(List<Coordinate> points) {
        List<Coordinate> closed = new ArrayList<>(points);
        closed.add(new Coordinate(points.get(0)));
        return GF.createPolygon(closed.toArray(Coordinate[]::new));
    }

    @Test
    void never_valid_where_is_valid_op_finds_a_problem() {
        // small integer grids make touching vertices, collinear overlaps, spikes and repeated points common
        Random r = new Random(20261128);
        int fastValid = 0;
        int invalid = 0;
        for (int t = 0; t < 200_000; t++) {
            int n = 3 + r.nextInt(10);
            int grid = 2 + r.nextInt(6);
            List<Coordinate> points = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                points.add(new Coordinate(r.nextInt(grid), r.nextInt(grid)));
            }
            Polygon p;
            try {
                p = ring(points);
            } catch (IllegalArgumentException e) {
                continue; // fewer than 4 points: JTS refuses to build it
            }
            boolean valid = new IsValidOp(p).isValid();
            boolean fast = SimpleShell.isCertainlyValid(p);
            if (fast) {
                assertThat(valid).as("%s", p).isTrue();
                fastValid++;
            }
            if (!valid) {
                invalid++;
            }
            if (valid) {
                assertThat(fast).as("every valid hole-free ring of a few points is recognised: %s", p).isTrue();
            }
        }
        assertThat(fastValid).as("rings the quick test accepted").isGreaterThan(1_000);
        assertThat(invalid).as("rings IsValidOp refused").isGreaterThan(10_000);
    }

    @Test
    void the_usual_village_ring_is_certainly_valid_and_known_problems_are_left_to_is_valid_op() throws Exception {
        // star-shaped rings of 16 vertices around a point, like the province benchmark's villages
        Random r = new Random(7);
        for (int t = 0; t < 1_000; t++) {
            List<Coordinate> points = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                double a = 2 * Math.PI * i / 16;
                double radius = 0.01 * (0.6 + 0.4 * r.nextDouble());
                points.add(new Coordinate(106 + radius * Math.cos(a), 29.8 + radius * Math.sin(a)));
            }
            Polygon p = ring(points);
            assertThat(SimpleShell.isCertainlyValid(p)).isTrue();
            assertThat(SimpleShell.isCertainlyValid(GF.createMultiPolygon(new Polygon[] {p}))).isTrue();
        }
        for (String bad : List.of(
                "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))", // bow-tie
                "POLYGON ((0 0, 4 0, 4 4, 2 0, 0 4, 0 0))", // a vertex touching another segment
                "POLYGON ((0 0, 4 0, 4 4, 4 6, 4 4, 0 4, 0 0))", // a spike folding back
                "POLYGON ((0 0, 4 0, 0 0, 0 0))", // too few distinct points
                "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))", // a hole: left to IsValidOp
                "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))")) { // two parts: likewise
            assertThat(SimpleShell.isCertainlyValid(wkt(bad))).as(bad).isFalse();
        }
        assertThat(SimpleShell.isCertainlyValid(wkt("POLYGON ((0 0, 4 0, 4 0, 4 4, 0 4, 0 0))")))
                .as("a repeated point is allowed, as in JTS").isTrue();
        assertThat(SimpleShell.isCertainlyValid(wkt("POLYGON ((0 0, 2 0, 4 0, 4 4, 0 4, 0 0))")))
                .as("collinear neighbours meeting at their vertex").isTrue();
    }
}
