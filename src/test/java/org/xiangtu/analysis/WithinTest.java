package org.xiangtu.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;
import org.xiangtu.geo.GaussKruger;
import org.xiangtu.geo.Measure;
import org.xiangtu.store.Feature;

/** {@link Within} and {@link WhatIf} on small hand-made shapes in metres (EPSG:4544) with known answers. */
class WithinTest {
    private static final GaussKruger GK = new GaussKruger();
    private static final double X = 601_000;
    private static final double Y = 3_303_000;

    /** A geometry in metres relative to (X, Y), in EPSG:4544. */
    private static Geometry m(String wkt) throws Exception {
        Geometry g = new WKTReader(GaussKruger.METRIC).read(wkt);
        g.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
            c.x += X;
            c.y += Y;
        });
        g.geometryChanged();
        return g;
    }

    /** A feature given in metres relative to (X, Y), stored in lon/lat as the stores give it. */
    private static Feature f(String id, String wkt, Object... props) throws Exception {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < props.length; i += 2) {
            p.put((String) props[i], props[i + 1]);
        }
        return new Feature(id, GK.toLonLat(m(wkt)), p);
    }

    private static List<String> ids(List<Within.Hit> hits) {
        return hits.stream().map(h -> h.feature().id()).toList();
    }

    private static final String SQUARE = "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))";

    @Test
    void a_drawn_square_of_100_metres_has_10000_square_metres_and_its_zone_grows_by_the_distance() throws Exception {
        Within.Zone inside = Within.zone(m(SQUARE), 0);
        assertThat(inside.isAreal()).isTrue();
        assertThat(inside.area().getArea()).isCloseTo(10_000, within(1e-6));
        assertThat(inside.area().getArea() / Measure.SQM_PER_MU).isCloseTo(15, within(1e-6));

        // square grown by 10 m: 100² + 4·100·10 + π·10²
        Within.Zone grown = Within.zone(m(SQUARE), 10);
        assertThat(grown.area().getArea()).isCloseTo(10_000 + 4_000 + Math.PI * 100, within(0.5));
    }

    @Test
    void a_point_or_line_zone_has_no_area_until_it_is_grown() throws Exception {
        assertThat(Within.zone(m("POINT (0 0)"), 0).isAreal()).isFalse();
        assertThat(Within.zone(m("LINESTRING (0 0, 300 400)"), 0).isAreal()).isFalse();
        assertThat(Within.zone(m("POINT (0 0)"), 100).area().getArea())
                .isCloseTo(Math.PI * 100 * 100, within(Math.PI * 100 * 100 * 0.001));
        // a 500 m line grown by 50 m: a 500 × 100 rectangle and two half discs
        assertThat(Within.zone(m("LINESTRING (0 0, 300 400)"), 50).area().getArea())
                .isCloseTo(500 * 100 + Math.PI * 50 * 50, within(5.0));
    }

    @Test
    void features_are_reached_within_the_distance_in_metres_and_touching_counts() throws Exception {
        List<Feature> features = List.of(
                f("inside", "POINT (50 50)"),
                f("touching", "POLYGON ((100 0, 150 0, 150 50, 100 50, 100 0))"),
                f("at30", "POINT (130 50)"),
                f("at60", "POINT (50 160)"),
                f("crossing", "LINESTRING (-50 50, 150 50)"),
                new Feature("no-geometry", null, Map.of()));
        Measure measure = new Measure();
        assertThat(ids(Within.reached(features, Within.zone(m(SQUARE), 0), measure)))
                .containsExactly("inside", "touching", "crossing");
        assertThat(ids(Within.reached(features, Within.zone(m(SQUARE), 30.01), measure)))
                .containsExactly("inside", "touching", "at30", "crossing");
        assertThat(ids(Within.reached(features, Within.zone(m(SQUARE), 29.9), measure)))
                .doesNotContain("at30");
        assertThat(ids(Within.reached(features, Within.zone(m(SQUARE), 61), measure)))
                .containsExactly("inside", "touching", "at30", "at60", "crossing");
    }

    @Test
    void the_area_and_length_inside_count_only_the_parts_in_the_zone() throws Exception {
        Within.Zone zone = Within.zone(m(SQUARE), 0);
        Measure measure = new Measure();
        List<Within.Hit> hits = Within.reached(List.of(
                f("half", "POLYGON ((50 0, 150 0, 150 100, 50 100, 50 0))", "category", "fruit"),
                f("quarter", "POLYGON ((-50 -50, 50 -50, 50 50, -50 50, -50 -50))", "category", "vegetable"),
                f("road", "LINESTRING (-100 20, 300 20)", "grade", "village")), zone, measure);
        assertThat(Within.areaInside(hits.get(0).metric(), zone)).isCloseTo(5_000, within(0.01));
        assertThat(Within.areaInside(hits.get(1).metric(), zone)).isCloseTo(2_500, within(0.01));
        assertThat(Within.areaInside(hits.get(2).metric(), zone)).isZero();
        assertThat(Within.lengthInside(hits.get(2).metric(), zone)).isCloseTo(100, within(1e-4));
        assertThat(Within.lengthInside(hits.get(0).metric(), zone)).isZero();

        Map<String, Double> byCategory = Within.sumBy(hits.subList(0, 2), "category",
                List.of("vegetable", "fruit", "livestock"), h -> Within.areaInside(h.metric(), zone));
        assertThat(byCategory).containsOnlyKeys("vegetable", "fruit", "livestock");
        assertThat(List.copyOf(byCategory.keySet())).containsExactly("vegetable", "fruit", "livestock");
        assertThat(byCategory.get("vegetable")).isCloseTo(2_500, within(0.01));
        assertThat(byCategory.get("fruit")).isCloseTo(5_000, within(0.01));
        assertThat(byCategory.get("livestock")).isZero();
    }

    @Test
    void a_line_grown_by_a_distance_cuts_lines_and_areas() throws Exception {
        Within.Zone corridor = Within.zone(m("LINESTRING (0 0, 1000 0)"), 100);
        Measure measure = new Measure();
        List<Within.Hit> hits = Within.reached(List.of(
                f("pipe-across", "LINESTRING (500 -500, 500 500)"),
                f("base", "POLYGON ((200 0, 300 0, 300 400, 200 400, 200 0))")), corridor, measure);
        assertThat(ids(hits)).containsExactly("pipe-across", "base");
        assertThat(Within.lengthInside(hits.get(0).metric(), corridor)).isCloseTo(200, within(1e-3));
        assertThat(Within.areaInside(hits.get(1).metric(), corridor)).isCloseTo(100 * 100, within(0.01));
    }

    @Test
    void a_negative_distance_is_refused() throws Exception {
        Geometry square = m(SQUARE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Within.zone(square, -1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Within.zone(square, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_proposed_greenway_newly_reaches_only_what_todays_greenways_do_not() throws Exception {
        List<Feature> greenways = List.of(f("g1", "LINESTRING (0 0, 2000 0)"));
        List<Feature> villages = List.of(
                f("near-today", "POLYGON ((100 500, 200 500, 200 600, 100 600, 100 500))"),
                f("near-both", "POLYGON ((1900 900, 2000 900, 2000 990, 1900 990, 1900 900))"),
                f("near-proposal", "POLYGON ((3000 2500, 3100 2500, 3100 2600, 3000 2600, 3000 2500))"),
                f("far", "POLYGON ((9000 9000, 9100 9000, 9100 9100, 9000 9100, 9000 9000))"));
        var today = WhatIf.greenwayToday(villages, greenways, 1_000);
        assertThat(today).containsExactly("near-today", "near-both");

        Geometry proposal = GK.toLonLat(m("LINESTRING (2000 0, 2000 1500, 3000 2000)"));
        WhatIf.Reach r = WhatIf.compare(villages, today, proposal, 1_000);
        assertThat(r.proposal()).containsExactly("near-both", "near-proposal");
        assertThat(r.added()).containsExactly("near-proposal");
        assertThat(r.today()).hasSize(2);
        assertThat(r.after()).isEqualTo(3);
    }

    @Test
    void todays_water_reach_is_a_works_within_500_metres_or_a_rural_pipe_joined_to_a_town_main() throws Exception {
        List<Feature> villages = List.of(
                f("joined", "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))"),
                f("main-only", "POLYGON ((1000 0, 1100 0, 1100 100, 1000 100, 1000 0))"),
                f("works-499", "POLYGON ((2000 0, 2100 0, 2100 100, 2000 100, 2000 0))"),
                f("works-501", "POLYGON ((3000 0, 3100 0, 3100 100, 3000 100, 3000 0))"),
                f("own-pipes-only", "POLYGON ((4000 0, 4100 0, 4100 100, 4000 100, 4000 0))"));
        List<Feature> pipes = List.of(
                f("p1", "LINESTRING (50 50, 50 300)", "kind", "rural_supply"),
                f("m1", "LINESTRING (-500 300, 500 300)", "kind", "town_main"),
                f("p2", "LINESTRING (1050 -100, 1050 200)", "kind", "town_main"),
                // a village's own network, joined to nothing: every demo village has one
                f("p3", "LINESTRING (4020 20, 4080 80)", "kind", "rural_supply"));
        List<Feature> works = List.of(f("w1", "POINT (2050 599)"), f("w2", "POINT (3050 601)"));
        var today = WhatIf.waterToday(villages, pipes, works);
        assertThat(today).containsExactlyInAnyOrder("joined", "works-499");

        // a new works by the village with only its own pipes reaches it: the answer is not always 0
        WhatIf.Reach r = WhatIf.compare(villages, today, GK.toLonLat(m("POINT (4050 400)")), 500);
        assertThat(r.added()).containsExactly("own-pipes-only");
        assertThat(r.after()).isEqualTo(3);
    }

    // ---- the distance test and the zone against buffer-based references, on random small inputs

    /** A random small geometry in metres around (X, Y): a point, a line or a star-shaped (so valid) polygon. */
    private static Geometry random(java.util.Random r, double spread) {
        double cx = X + r.nextDouble() * spread;
        double cy = Y + r.nextDouble() * spread;
        var f = GaussKruger.METRIC;
        switch (r.nextInt(3)) {
            case 0:
                return f.createPoint(new org.locationtech.jts.geom.Coordinate(cx, cy));
            case 1: {
                int n = 2 + r.nextInt(5);
                var c = new org.locationtech.jts.geom.Coordinate[n];
                for (int i = 0; i < n; i++) {
                    c[i] = new org.locationtech.jts.geom.Coordinate(cx + r.nextGaussian() * 100,
                            cy + r.nextGaussian() * 100);
                }
                return f.createLineString(c);
            }
            default: {
                int n = 3 + r.nextInt(8);
                var c = new org.locationtech.jts.geom.Coordinate[n + 1];
                for (int i = 0; i < n; i++) {
                    double a = 2 * Math.PI * i / n;
                    double rad = 10 + r.nextDouble() * 150;
                    c[i] = new org.locationtech.jts.geom.Coordinate(cx + rad * Math.cos(a), cy + rad * Math.sin(a));
                }
                c[n] = c[0];
                return f.createPolygon(c);
            }
        }
    }

    @Test
    void the_reach_test_agrees_with_a_buffer_of_the_drawing_on_random_small_inputs() {
        java.util.Random r = new java.util.Random(13);
        Measure measure = new Measure();
        int decided = 0;
        for (int round = 0; round < 300; round++) {
            Geometry drawn = random(r, 400);
            double distance = r.nextInt(4) == 0 ? 0 : r.nextDouble() * 300;
            List<Feature> features = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                features.add(new Feature("f" + i, GK.toLonLat(random(r, 800)), Map.of()));
            }
            List<String> reached = ids(Within.reached(features, Within.zone(drawn, distance), measure));
            List<String> near = ids(Within.reached(features, Within.near(drawn, distance), measure));
            assertThat(near).isEqualTo(reached);
            // the reference: the drawing grown by a buffer of 64 segments a quarter circle, which falls short of
            // the true zone by distance·(1 − cos(π/256)); features nearer the edge than that are left undecided
            Geometry buffer = distance == 0 ? drawn
                    : org.locationtech.jts.operation.buffer.BufferOp.bufferOp(drawn, distance, Within.exactBuffer(64));
            double band = distance * (1 - Math.cos(Math.PI / 256)) + 2 * Within.TOUCH_TOLERANCE;
            for (Feature f : features) {
                Geometry g = measure.metric(f.geometry());
                double exact = drawn.distance(g);
                assertThat(reached.contains(f.id())).as("round %d, %s at %.4f m of %.4f", round, f.id(), exact,
                        distance).isEqualTo(exact <= Math.max(distance, Within.TOUCH_TOLERANCE));
                if (Math.abs(exact - distance) > band) {
                    assertThat(reached.contains(f.id())).as("round %d, %s against the buffer", round, f.id())
                            .isEqualTo(buffer.intersects(g));
                    decided++;
                }
            }
        }
        assertThat(decided).isGreaterThan(2_000);
    }

    @Test
    void a_detailed_zone_lies_within_its_stated_tolerance_of_the_exact_buffer() {
        java.util.Random r = new java.util.Random(7);
        for (int round = 0; round < 20; round++) {
            // a wandering line of 80 vertices, too many to buffer directly after simplification
            var c = new org.locationtech.jts.geom.Coordinate[80];
            double x = X;
            double y = Y;
            for (int i = 0; i < c.length; i++) {
                x += r.nextGaussian() * 60;
                y += r.nextGaussian() * 60;
                c[i] = new org.locationtech.jts.geom.Coordinate(x, y);
            }
            Geometry drawn = GaussKruger.METRIC.createLineString(c);
            if (round % 2 == 1) {
                drawn = drawn.buffer(5, 2); // a detailed polygon too
            }
            double distance = 20 + r.nextDouble() * 400;
            Within.Zone zone = Within.zone(drawn, distance);
            assertThat(zone.tolerance()).isPositive().isLessThanOrEqualTo(distance * 0.015);
            // every point nearer the drawing than distance − tolerance is in the zone, none farther than
            // distance + tolerance; the reference is the exact distance to the drawing
            var inside = org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(zone.area());
            var env = zone.area().getEnvelopeInternal();
            int decided = 0;
            for (int i = 0; i < 2_000; i++) {
                var p = GaussKruger.METRIC.createPoint(new org.locationtech.jts.geom.Coordinate(
                        env.getMinX() - 50 + r.nextDouble() * (env.getWidth() + 100),
                        env.getMinY() - 50 + r.nextDouble() * (env.getHeight() + 100)));
                double d = drawn.distance(p);
                if (d <= distance - zone.tolerance()) {
                    assertThat(inside.covers(p)).as("round %d: %s at %.3f of %.3f", round, p, d, distance).isTrue();
                    decided++;
                } else if (d > distance + zone.tolerance()) {
                    assertThat(inside.covers(p)).as("round %d: %s at %.3f of %.3f", round, p, d, distance).isFalse();
                    decided++;
                }
            }
            assertThat(decided).isGreaterThan(1_500);
        }
    }

    @Test
    void a_spent_deadline_stops_the_reach_test_and_the_zone() throws Exception {
        Deadline spent = Deadline.in(1, "analysis.timeBudgetMs");
        Thread.sleep(5);
        List<Feature> features = List.of(f("a", "POINT (50 50)"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                Within.reached(features, Within.zone(m(SQUARE), 0), new Measure(), spent))
                .isInstanceOf(TimeBudgetExceededException.class).hasMessageContaining("analysis.timeBudgetMs");
        var c = new org.locationtech.jts.geom.Coordinate[200];
        for (int i = 0; i < c.length; i++) {
            c[i] = new org.locationtech.jts.geom.Coordinate(X + i * 10, Y + (i % 2) * 1_000);
        }
        Geometry zigzag = GaussKruger.METRIC.createLineString(c);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Within.zone(zigzag, 5_000, spent))
                .isInstanceOf(TimeBudgetExceededException.class);
        assertThat(Within.reached(features, Within.zone(m(SQUARE), 0), new Measure(), Deadline.NONE)).hasSize(1);
    }
}
