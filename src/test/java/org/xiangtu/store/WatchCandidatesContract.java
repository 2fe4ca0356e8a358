package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.analysis.RelapseRules;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.WatchCondition;
import org.xiangtu.store.FieldStore.Household;

/**
 * {@link FieldStore#eachHousehold(java.util.Collection, WatchCandidates, java.util.function.Consumer)} on a
 * database: the store hands over exactly the households whose conditions Java's {@link WatchCondition#test}
 * says hit (never fewer: a missed household would be a missed alert), on the demo county's 4,448 households
 * and 30 days of reported events, for the catalogue's rules on several days (a year without the year
 * before's incomes too) and for hand-made conditions on the boundaries where SQL and Java could differ: a
 * value equal to the limit, unknown numbers under {@code not}, a size of 0, a column that is a date, an
 * event on the first and the last day of its window. A condition the store cannot say exactly (a value list
 * on a number column) hands over more households, never fewer.
 */
public abstract class WatchCandidatesContract extends WorkBackendContract {
    private static final Catalog CATALOG = CatalogLoader.read(DataSource.folder(Path.of("data")));
    private static final LayerDef HOUSEHOLDS = CATALOG.layer("households").orElseThrow();
    private static final LayerDef VISITS = CATALOG.layer("visits").orElseThrow();
    private static final String INCOME = "{\"sum\":[\"income_wage_{year}\",\"income_business_{year}\","
            + "\"income_transfer_{year}\",\"income_property_{year}\"]}";

    private final List<Household> all = new ArrayList<>();
    private final List<FieldStore.ReportedEvent> events = new ArrayList<>();

    @BeforeAll
    void readEverything() {
        field.eachHousehold(all::add);
        events.addAll(field.reported(null, "0000"));
        assertThat(all).hasSize(4448);
        assertThat(events).hasSizeGreaterThan(100);
    }

    @Test
    void the_catalogue_rules_hand_over_exactly_the_households_that_hit() {
        RelapseRules rules = RelapseRules.of(CATALOG);
        for (LocalDate day : List.of(LocalDate.of(2020, 10, 31), LocalDate.of(2020, 9, 15),
                LocalDate.of(2019, 12, 31))) {
            Set<String> expected = new TreeSet<>();
            for (Household h : all) {
                if (!rules.check(h.properties(), reportedOf(h.code()), day).isEmpty()) {
                    expected.add(h.code());
                }
            }
            assertThat(candidates(rules.candidates(day).orElseThrow(), rules.fields(day)))
                    .as("candidates on %s", day).isEqualTo(expected);
            assertThat(expected).as("hits on %s", day).hasSizeBetween(50, 1000);
        }
        assertThat(rules.candidates(LocalDate.of(2018, 12, 31))).isEmpty();
    }

    @Test
    void a_number_equal_to_the_limit_compares_as_in_java() {
        LocalDate day = LocalDate.of(2020, 10, 31);
        // the per-person income of a demo household, computed as Java computes it, as the limit
        WatchCondition income = condition("{\"gt\":[{\"perPerson\":" + INCOME + "}, 0]}");
        Household h = all.stream().filter(x -> income.test(facts(x, day), 2020)).skip(100).findFirst().orElseThrow();
        double perPerson = sum(h, 2020) / ((Number) h.properties().get("size")).doubleValue();
        for (String op : List.of("lt", "le", "gt", "ge")) {
            String c = "{\"" + op + "\":[{\"perPerson\":" + INCOME + "}," + perPerson + "]}";
            Set<String> got = exact(c, day);
            assertThat(got.contains(h.code())).as(c).isEqualTo(op.equals("le") || op.equals("ge"));
        }
        exact("{\"fallsBy\":{\"from\":\"income_wage_{prev}\",\"to\":\"income_wage_{year}\",\"share\":0.3}}", day);
        exact("{\"le\":[\"lifted_year\", 2018]}", day);
        exact("{\"not\":{\"ge\":[\"size\", 4]}}", day);
    }

    @Test
    void unknown_numbers_are_false_and_true_under_not_as_in_java() {
        LocalDate day = LocalDate.of(2020, 10, 31);
        assertThat(exact("{\"lt\":[\"income_wage_2031\", 1000000]}", day)).isEmpty(); // not a column
        assertThat(exact("{\"not\":{\"lt\":[\"income_wage_2031\", 1000000]}}", day)).hasSize(all.size());
        assertThat(exact("{\"lt\":[\"food_clothing_checked\", 1]}", day)).isEmpty(); // a date, not a number
        assertThat(exact("{\"not\":{\"lt\":[{\"perPerson\":\"income_wage_{prev}\"}, 3000]}}", day))
                .isNotEmpty();
        // 2019's {prev} is 2018: no such columns, so the fall is unknown and false, and true under not
        assertThat(exact("{\"fallsBy\":{\"from\":\"income_wage_{prev}\",\"to\":\"income_wage_{year}\","
                + "\"share\":0.3}}", LocalDate.of(2019, 12, 31))).isEmpty();
        assertThat(exact("{\"not\":{\"fallsBy\":{\"from\":\"income_wage_{prev}\",\"to\":\"income_wage_{year}\","
                + "\"share\":0.3}}}", LocalDate.of(2019, 12, 31))).hasSize(all.size());
        assertThat(exact("{\"not\":{\"in\":{\"field\":\"water\",\"values\":[\"at_risk\"]}}}", day))
                .hasSizeGreaterThan(all.size() / 2);
        exact("{\"all\":[{\"in\":{\"field\":\"class\",\"values\":[\"watch\"]}},{\"not\":{\"lt\":[{\"line\":\"prev\"},"
                + "5000]}},{\"gt\":[{\"line\":\"year\"},{\"perPerson\":" + INCOME + "}]}]}", day);
    }

    @Test
    void an_event_counts_from_the_first_to_the_last_day_of_its_window() {
        FieldStore.ReportedEvent e = events.get(events.size() / 2);
        LocalDate on = LocalDate.parse(e.at().substring(0, 10));
        String c = "{\"reported\":{\"event\":\"" + e.event() + "\",\"withinDays\":7}}";
        assertThat(exact(c, on)).contains(e.householdCode());
        assertThat(exact(c, on.plusDays(6))).contains(e.householdCode());
        exact(c, on.plusDays(7)); // the day after the window: only its later events, if any
        exact(c, on.minusDays(1)); // the day before: only earlier events
        assertThat(exact("{\"not\":" + c + "}", on.plusDays(3))).doesNotContain(e.householdCode());
    }

    @Test
    void a_value_list_on_a_number_column_hands_over_more_never_fewer() {
        LocalDate day = LocalDate.of(2020, 10, 31);
        for (String c : List.of("{\"in\":{\"field\":\"size\",\"values\":[\"4\"]}}",
                "{\"not\":{\"in\":{\"field\":\"size\",\"values\":[\"4\"]}}}")) {
            WatchCondition w = condition(c);
            Set<String> hits = javaHits(w, day);
            assertThat(candidates(new WatchCandidates(List.of(w), 2020, CATALOG.watch().lines(), day),
                    w.fieldTemplates())).as(c).containsAll(hits);
        }
    }

    /** The households the store hands over for the condition equal Java's hits; the hits. */
    private Set<String> exact(String json, LocalDate day) {
        WatchCondition w = condition(json);
        int year = CATALOG.watch().yearOn(day).orElseThrow();
        Set<String> hits = javaHits(w, day);
        List<String> fields = w.fieldTemplates().stream().map(t -> WatchCondition.fill(t, year)).toList();
        assertThat(candidates(new WatchCandidates(List.of(w), year, CATALOG.watch().lines(), day), fields))
                .as("%s on %s", json, day).isEqualTo(hits);
        return hits;
    }

    private Set<String> javaHits(WatchCondition w, LocalDate day) {
        int year = CATALOG.watch().yearOn(day).orElseThrow();
        Set<String> out = new TreeSet<>();
        for (Household h : all) {
            if (w.test(facts(h, day), year)) {
                out.add(h.code());
            }
        }
        return out;
    }

    private Set<String> candidates(WatchCandidates on, java.util.Collection<String> fields) {
        Set<String> out = new TreeSet<>();
        field.eachHousehold(fields, on, h -> out.add(h.code()));
        return out;
    }

    private static WatchCondition condition(String json) {
        try {
            return WatchCondition.compile(new ObjectMapper().readTree(json), HOUSEHOLDS, VISITS, "test");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static double sum(Household h, int year) {
        double s = 0;
        for (String part : List.of("wage", "business", "transfer", "property")) {
            s += ((Number) h.properties().get("income_" + part + "_" + year)).doubleValue();
        }
        return s;
    }

    private List<RelapseRules.Reported> reportedOf(String code) {
        return events.stream().filter(e -> e.householdCode().equals(code))
                .map(e -> new RelapseRules.Reported(e.event(), LocalDate.parse(e.at().substring(0, 10)))).toList();
    }

    private WatchCondition.Facts facts(Household h, LocalDate day) {
        Map<String, Object> p = h.properties();
        List<RelapseRules.Reported> reported = reportedOf(h.code());
        return new WatchCondition.Facts() {
            @Override
            public Object value(String name) {
                return p.get(name);
            }

            @Override
            public Double line(int year) {
                return CATALOG.watch().line(year);
            }

            @Override
            public boolean reported(String event, int withinDays) {
                return reported.stream().anyMatch(r -> r.event().equals(event)
                        && ChronoUnit.DAYS.between(r.on(), day) >= 0 && ChronoUnit.DAYS.between(r.on(), day) < withinDays);
            }
        };
    }
}
