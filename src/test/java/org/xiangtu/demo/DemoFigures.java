package org.xiangtu.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.xiangtu.analysis.Aggregates;
import org.xiangtu.analysis.Geometries;
import org.xiangtu.analysis.HouseholdFigures;
import org.xiangtu.store.Feature;

/**
 * The published figures of Tongliang (facts.md), each computed from the demo county's data with
 * the product's own analysis functions — never read from a constant. One row of the table
 * per assertion; used on the data files and on the store built from them.
 */
final class DemoFigures {
    private DemoFigures() {
    }

    static void assertAll(Function<String, List<Feature>> layer) {
        List<Feature> villages = layer.apply("villages");
        // poverty: the "3" of the 321 mechanism
        assertThat(Aggregates.sum(villages, "poor_households")).isEqualTo(4_448);
        assertThat(Aggregates.sum(villages, "poor_people")).isEqualTo(12_571);
        assertThat(Aggregates.sum(villages, "safety_net_households")).isEqualTo(1_215);
        assertThat(Aggregates.sum(villages, "safety_net_people")).isEqualTo(2_683);
        assertThat(Aggregates.sum(villages, "extreme_poverty_people")).isEqualTo(171);
        assertThat(Aggregates.sum(villages, "watch_households") + Aggregates.sum(villages, "push_households")
                + Aggregates.sum(villages, "safety_net_households")).isEqualTo(4_448);
        List<Feature> liftedBy2020 = villages.stream().filter(f -> f.properties().get("lifted_year") instanceof Long y
                && y <= 2020).toList();
        assertThat(Aggregates.sum(liftedBy2020, "poor_households")).isEqualTo(4_448);
        List<Feature> municipal = Aggregates.where(villages, "is_municipal_poverty_village", true);
        assertThat(municipal).hasSize(5).allSatisfy(f -> assertThat((Long) f.properties().get("lifted_year")).isLessThanOrEqualTo(2020));
        assertThat(Aggregates.ratio(municipal, "water_households_centralized", "households") * 100).isCloseTo(98.8, within(0.05));
        assertThat(Aggregates.weightedMean(villages, "income_2017", "population")).isCloseTo(16_477, within(1.0));
        assertThat(Aggregates.weightedMean(villages, "income_2019", "population")).isCloseTo(19_690, within(1.0));

        // industry: four categories of 100,000 mu each, five named flagships
        List<Feature> bases = layer.apply("industry_bases");
        Map<String, Double> mu = Geometries.areaMuBy(bases, "category");
        assertThat(mu.keySet()).containsExactlyInAnyOrder("vegetable", "fruit", "livestock", "flower_nursery");
        mu.values().forEach(v -> assertThat(v).isCloseTo(100_000, withinPercentage(1)));
        for (String flagship : List.of("fruit_seedlings", "bougainvillea", "rose", "coloured_leaf_forest", "ornamental_fish")) {
            assertThat(Aggregates.where(bases, "flagship", flagship)).as(flagship).hasSize(1);
        }

        // greenway: 60 km reaching exactly 5 towns, 24 villages and 34 bases at 1,000 m; 8 living rooms on it
        List<Feature> greenways = layer.apply("greenways");
        assertThat(Geometries.lengthMetres(greenways) / 1_000).isCloseTo(60, within(0.5));
        assertThat(Geometries.within(layer.apply("towns"), greenways, 1_000)).hasSize(5);
        assertThat(Geometries.within(villages, greenways, 1_000)).hasSize(24);
        assertThat(Geometries.within(bases, greenways, 1_000)).hasSize(34);
        List<Feature> stations = layer.apply("greenway_stations");
        assertThat(stations).hasSize(8);
        assertThat(Geometries.within(stations, greenways, 100)).hasSize(8);

        // water
        List<Feature> pipes = layer.apply("water_pipes");
        assertThat(Geometries.lengthMetres(Aggregates.where(pipes, "kind", "rural_supply")) / 1_000)
                .isCloseTo(1_768.66, withinPercentage(0.5));
        assertThat(Geometries.lengthMetres(Aggregates.where(pipes, "kind", "town_main")) / 1_000)
                .isCloseTo(154.5, withinPercentage(0.5));
        List<Feature> works = layer.apply("water_works");
        assertThat(Aggregates.where(works, "kind", "centralized")).hasSize(76);
        assertThat(Aggregates.where(works, "kind", "small")).hasSize(178)
                .allSatisfy(f -> assertThat((Long) f.properties().get("people_served")).isBetween(20L, 1_000L));
        assertThat(Aggregates.where(works, "kind", "shared_pool")).hasSize(17)
                .allSatisfy(f -> assertThat((Long) f.properties().get("people_served")).isBetween(5L, 20L));
        assertThat(Aggregates.count(works, f -> Boolean.TRUE.equals(f.properties().get("quality_pass"))))
                .isEqualTo(works.size());
        assertThat(Aggregates.sum(villages, "water_new_households")).isEqualTo(1_794);
        assertThat(Aggregates.sum(villages, "water_new_people")).isEqualTo(5_068);
        assertThat(Aggregates.sum(villages, "water_meter_households")).isEqualTo(15_800);

        // roads
        List<Feature> roads = layer.apply("roads");
        assertThat(Geometries.lengthMetres(roads) / 1_000).isCloseTo(1_560, withinPercentage(0.5));
        List<Feature> hardened = roads.stream().filter(f -> f.properties().get("hardened_year") instanceof Long y
                && y >= 2018 && y <= 2020).toList();
        assertThat(Geometries.lengthInsideMetres(hardened, municipal) / 1_000).isCloseTo(23.8, withinPercentage(0.5));

        // housing, collective economy, projects, education
        assertThat(Aggregates.sum(villages, "houses_renovated")).isEqualTo(475);
        assertThat(Aggregates.sum(villages, "collective_orgs_new")).isEqualTo(466);
        assertThat(Aggregates.count(villages, f -> Boolean.TRUE.equals(f.properties().get("empty_shell_eliminated"))))
                .isEqualTo(190);
        assertThat(Aggregates.where(layer.apply("projects"), "kind", "industry")).hasSize(110);
        assertThat(Aggregates.sum(villages, "students_funded")).isEqualTo(2_504);
        assertThat(Aggregates.sum(villages, "student_aid_yuan") / 1e6).isCloseTo(2.40, within(0.005));

        // the households as records: the published counts, and every village's counts computed from them
        List<Feature> households = layer.apply("households");
        assertThat(households).hasSize(4_448);
        assertThat(Aggregates.sum(households, "size")).isEqualTo(12_571);
        assertThat(Aggregates.where(households, "class", "safety_net")).hasSize(1_215);
        assertThat(Aggregates.sum(Aggregates.where(households, "class", "safety_net"), "size")).isEqualTo(2_683);
        assertThat(Aggregates.sum(households, "extreme_poor_people")).isEqualTo(171);
        assertThat(households).allSatisfy(h -> assertThat((Long) h.properties().get("lifted_year")).isLessThanOrEqualTo(2020));
        Map<Object, List<Map<String, Object>>> byVillage = new HashMap<>();
        households.forEach(h -> byVillage.computeIfAbsent(h.properties().get("village_code"), k -> new ArrayList<>())
                .add(h.properties()));
        for (Feature v : villages) {
            Map<String, Long> computed = HouseholdFigures.villageFields(byVillage.getOrDefault(v.properties().get("code"),
                    List.of()));
            computed.forEach((field, value) -> assertThat(v.properties().get(field)).as(v.id() + " " + field)
                    .isEqualTo(value));
        }

        // the "2" of the 321 mechanism, over the last 12 months before the as-of date: visits as records, each to
        // a registered household by its cadre; the monthly table is computed from them
        List<Feature> records = layer.apply("visits");
        assertThat(records.size()).isBetween(49_000, 50_000);
        Map<Object, Object> cadreOf = new HashMap<>();
        households.forEach(h -> cadreOf.put(h.properties().get("code"), h.properties().get("cadre")));
        assertThat(records).allSatisfy(r -> assertThat(r.properties().get("cadre"))
                .isNotNull().isEqualTo(cadreOf.get(r.properties().get("household_code"))));
        Map<String, Map<String, Long>> monthly = HouseholdFigures.visitsByVillageMonth(
                records.stream().map(Feature::properties).toList());
        List<Feature> visits = layer.apply("home_visits");
        assertThat(visits).allSatisfy(f -> assertThat(f.properties().get("visits")).as(f.id()).isEqualTo(
                monthly.getOrDefault(f.properties().get("village_code"), Map.of()).getOrDefault(f.properties().get("month"), 0L)));
        assertThat(Aggregates.sum(visits, "visits")).isBetween(49_000.0, 50_000.0);
        Set<Object> months = new HashSet<>();
        visits.forEach(f -> months.add(f.properties().get("month")));
        assertThat(months).hasSize(12);
        List<Feature> meetings = layer.apply("review_meetings");
        assertThat(Aggregates.sum(meetings, "meetings")).isEqualTo(318);
        assertThat(Aggregates.sum(meetings, "problems_solved")).isEqualTo(390);
    }
}
