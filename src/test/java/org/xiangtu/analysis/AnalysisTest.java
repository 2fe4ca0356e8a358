package org.xiangtu.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;
import org.xiangtu.geo.GaussKruger;
import org.xiangtu.store.Feature;

/** The analysis functions on small hand-made shapes with known answers, in metres (EPSG:4544). */
class AnalysisTest {
    private static final GaussKruger GK = new GaussKruger();
    /** A point near the district seat, in EPSG:4544 metres. */
    private static final double X = 601_000;
    private static final double Y = 3_303_000;

    /** A feature whose geometry is given in metres relative to (X, Y) and stored in lon/lat. */
    private static Feature f(String id, String wktInMetres, Object... props) throws Exception {
        Geometry metric = new WKTReader(GaussKruger.METRIC).read(wktInMetres);
        metric.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
            c.x += X;
            c.y += Y;
        });
        metric.geometryChanged();
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < props.length; i += 2) {
            p.put((String) props[i], props[i + 1]);
        }
        return new Feature(id, GK.toLonLat(metric), p);
    }

    private static Feature row(String id, Object... props) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < props.length; i += 2) {
            p.put((String) props[i], props[i + 1]);
        }
        return new Feature(id, null, p);
    }

    @Test
    void a_square_kilometre_is_1500_mu_and_a_kilometre_line_is_1000_metres() throws Exception {
        Feature square = f("a", "POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", "category", "fruit");
        assertThat(Geometries.areaMu(List.of(square))).isCloseTo(1_500, within(0.01));
        assertThat(Geometries.areaMuBy(List.of(square), "category")).containsOnlyKeys("fruit");
        assertThat(Geometries.lengthMetres(List.of(f("l", "LINESTRING (0 0, 600 800)")))).isCloseTo(1_000, within(0.001));
    }

    @Test
    void reach_is_measured_in_metres_and_touching_counts() throws Exception {
        List<Feature> line = List.of(f("g", "LINESTRING (0 0, 5000 0)"));
        List<Feature> places = List.of(
                f("at999", "POINT (2000 999)"),
                f("at1001", "POINT (2000 1001)"),
                f("touching", "POLYGON ((100 0, 200 0, 200 -50, 100 -50, 100 0))"),
                f("beyondEnd", "POINT (5900 0)"));
        assertThat(Geometries.within(places, line, 1_000)).containsExactly("at999", "touching", "beyondEnd");
        assertThat(Geometries.within(places, line, 0)).containsExactly("touching");
    }

    @Test
    void length_inside_areas_counts_only_the_parts_inside() throws Exception {
        List<Feature> roads = List.of(f("r", "LINESTRING (-500 500, 1500 500)"));
        List<Feature> villages = List.of(f("v", "POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))"));
        assertThat(Geometries.lengthInsideMetres(roads, villages)).isCloseTo(1_000, within(0.01));
    }

    @Test
    void ratios_and_weighted_means_skip_missing_values() {
        List<Feature> villages = List.of(
                row("a", "households", 100L, "central", 90L, "income", 10_000.0, "population", 300L),
                row("b", "households", 300L, "central", 270L, "income", 20_000.0, "population", 100L),
                row("c", "households", null, "central", null, "income", null, "population", 50L));
        assertThat(Aggregates.ratio(villages, "central", "households")).isEqualTo(0.9);
        assertThat(Aggregates.weightedMean(villages, "income", "population")).isEqualTo(12_500);
        assertThat(Aggregates.sum(villages, "households")).isEqualTo(400);
        assertThat(Aggregates.ratio(List.of(row("z", "households", 0L)), "central", "households")).isNaN();
    }

    @Test
    void progress_on_a_date_is_the_latest_update_before_it() {
        List<Feature> projects = List.of(
                row("p1", "budget_yuan", 1_000_000.0, "due", "2020-06-30"),
                row("p2", "budget_yuan", 3_000_000.0, "due", "2021-06-30"),
                row("p3", "budget_yuan", 500_000.0, "due", "2020-01-31"));
        List<Feature> updates = List.of(
                row("u1", "project_id", "p1", "at", "2020-01-31", "progress_pct", 20.0, "status", "under_way"),
                row("u2", "project_id", "p1", "at", "2020-07-31", "progress_pct", 100.0, "status", "done"),
                row("u3", "project_id", "p2", "at", "2020-03-31", "progress_pct", 40.0, "status", "under_way"));
        var june = Progress.at(projects, updates, LocalDate.of(2020, 6, 30));
        assertThat(june.get("p1")).isEqualTo(new Progress.State("under_way", 20));
        assertThat(june.get("p3")).isEqualTo(new Progress.State("planned", 0));
        assertThat(Progress.budgetWeighted(projects, june)).isCloseTo((20 * 1.0 + 40 * 3.0) / 4.5, within(1e-9));
        assertThat(Progress.overdue(projects, june, LocalDate.of(2020, 6, 30))).extracting(Feature::id).containsExactly("p3");
        var august = Progress.at(projects, updates, LocalDate.of(2020, 8, 31));
        assertThat(august.get("p1").status()).isEqualTo("done");
        assertThat(Progress.overdue(projects, august, LocalDate.of(2020, 8, 31))).extracting(Feature::id).containsExactly("p3");
        assertThat(Progress.byStatus(august)).containsEntry("done", 1L).containsEntry("under_way", 1L).containsEntry("planned", 1L);
    }
}
