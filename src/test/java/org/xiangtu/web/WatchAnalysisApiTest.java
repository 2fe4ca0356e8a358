package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.catalog.Role;
import org.xiangtu.catalog.Watch;
import org.xiangtu.geo.Crs;
import org.xiangtu.geo.Measure;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.ApiServerTest;

/**
 * The relapse watch in the planners' draw-and-ask and what-if (issue 17, item 4), on the GeoPackage store: the
 * {@code watch} section of {@code /api/analysis/within} and of a water works {@code /api/analysis/whatif}. A
 * admin's figures equal the counts made here from the {@code watch_alerts} and {@code watch_monitoring} records
 * in the drawn area; a planner's are the same or withheld (null), and no count of fewer than 5 households —
 * 0 included — follows from the published figures by adding and subtracting them (checked by linear algebra
 * over the cells: every group of cells whose count the published figures determine holds 5 or more).
 */
class WatchAnalysisApiTest extends ApiServerTest {
    private static final List<String> TIERS = List.of("high", "medium", "low");
    private ApiClient admin;
    private ApiClient planner;
    private Watch watch;

    WatchAnalysisApiTest() {
        super("watch-analysis-password");
    }

    @BeforeAll
    void users() {
        addUser("wa-admin", Role.ADMIN);
        addUser("wa-planner", Role.PLANNER);
        admin = signedIn("wa-admin");
        planner = signedIn("wa-planner");
        watch = server.catalog.watch();
    }

    /** One household at risk as the records say: its main open alert's rule and tier (null if none). */
    private record Household(String code, Geometry lonLat, Geometry metric, String rule, String tier, String village) {
    }

    /** The households at risk, from the records: open alerts and current monitoring, at their positions. */
    private Map<String, Household> atRisk() {
        Measure m = new Measure();
        Map<String, List<Feature>> open = new TreeMap<>();
        for (Feature a : features("watch_alerts", "household_code", "status", "rule", "tier", "opened_at", "village_code")) {
            if ("open".equals(a.properties().get("status"))) {
                open.computeIfAbsent((String) a.properties().get("household_code"), k -> new ArrayList<>()).add(a);
            }
        }
        Map<String, Household> out = new TreeMap<>();
        open.forEach((code, alerts) -> {
            Feature main = alerts.stream().min(Comparator.comparingInt((Feature a) -> TIERS.indexOf(a.properties().get("tier")))
                    .thenComparing(a -> (String) a.properties().get("opened_at")).thenComparing(Feature::id)).orElseThrow();
            out.put(code, new Household(code, main.geometry(), m.metric(main.geometry()), (String) main.properties().get("rule"),
                    (String) main.properties().get("tier"), (String) main.properties().get("village_code")));
        });
        for (Feature f : features("watch_monitoring", "household_code", "ended_on", "village_code")) {
            String code = (String) f.properties().get("household_code");
            if (f.properties().get("ended_on") == null && !out.containsKey(code)) {
                out.put(code, new Household(code, f.geometry(), m.metric(f.geometry()), null, null,
                        (String) f.properties().get("village_code")));
            }
        }
        return out;
    }

    private List<Feature> features(String layer, String... fields) {
        return server.store.features(layer, FeatureQuery.all(List.of(fields), 1_000_000)).features();
    }

    private static ObjectNode polygon(Envelope e) {
        return AnalysisApiTest.polygon(e);
    }

    private static HttpResponse<String> post(ApiClient c, String path, ObjectNode body) {
        return c.send("POST", path, body.toString(), Map.of("X-CSRF-Token", c.csrf()));
    }

    private static JsonNode within(ApiClient c, Envelope box, double distance) {
        ObjectNode body = JSON.createObjectNode();
        body.set("geometry", polygon(box));
        body.put("distance", distance);
        HttpResponse<String> r = post(c, "/api/analysis/within", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("watch");
    }

    /** The cells of the area's table: every catalogue cause at its tier and "monitored_only", with the records' counts. */
    private Map<String, Long> cells(Map<String, Household> all, Envelope box, double distance) {
        Measure m = new Measure();
        Geometry zone = m.metric(Crs.LONLAT.toGeometry(box));
        Map<String, Long> cells = new LinkedHashMap<>();
        watch.rules().forEach(r -> cells.put(r.id() + "|" + r.tier(), 0L));
        watch.lists().forEach((id, l) -> cells.put("list:" + id + "|" + l.tier(), 0L));
        cells.put("monitored_only", 0L);
        for (Household h : all.values()) {
            if (zone.isWithinDistance(h.metric(), distance)) {
                cells.merge(h.rule() == null ? "monitored_only" : h.rule() + "|" + h.tier(), 1L, Long::sum);
            }
        }
        return cells;
    }

    private static long sum(Map<String, Long> cells, java.util.function.Predicate<String> selected) {
        return cells.entrySet().stream().filter(e -> selected.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    private static java.util.function.Predicate<String> ofRule(String rule) {
        return k -> k.startsWith(rule + "|");
    }

    private static java.util.function.Predicate<String> ofTier(String tier) {
        return k -> k.endsWith("|" + tier);
    }

    /** The figures of the answer with the cells each sums: (selection, published value or null). */
    private static Map<String, Map.Entry<java.util.function.Predicate<String>, JsonNode>> figures(JsonNode w) {
        Map<String, Map.Entry<java.util.function.Predicate<String>, JsonNode>> f = new LinkedHashMap<>();
        f.put("households", Map.entry(k -> true, w.get("households")));
        f.put("with_open_alert", Map.entry(k -> !k.equals("monitored_only"), w.get("with_open_alert")));
        f.put("monitored_only", Map.entry(k -> k.equals("monitored_only"), w.get("monitored_only")));
        for (JsonNode t : w.get("by_tier")) {
            f.put("tier " + t.get("tier").asText(), Map.entry(ofTier(t.get("tier").asText()), t.get("households")));
        }
        for (JsonNode r : w.get("by_rule")) {
            f.put("rule " + r.get("rule").asText(), Map.entry(ofRule(r.get("rule").asText()), r.get("households")));
        }
        return f;
    }

    @Test
    void the_section_counts_the_households_at_risk_in_the_drawing_as_the_records_do_and_planners_see_no_small_group() {
        Map<String, Household> all = atRisk();
        assertThat(all).hasSizeGreaterThan(100);
        List<Envelope> areas = new ArrayList<>();
        Envelope county = new Envelope();
        features("district").forEach(d -> county.expandToInclude(d.geometry().getEnvelopeInternal()));
        county.expandBy(0.01);
        areas.add(county);
        features("towns", "code").forEach(t -> areas.add(t.geometry().getEnvelopeInternal()));
        int published = 0;
        int withheld = 0;
        for (Envelope box : areas) {
            for (double distance : List.of(0.0, 1_000.0)) {
                Map<String, Long> cells = cells(all, box, distance);
                JsonNode exact = within(admin, box, distance);
                JsonNode counts = within(planner, box, distance);
                String where = box + " +" + distance + " m";
                assertThat(exact.get("access").asText()).isEqualTo("household");
                assertThat(counts.get("access").asText()).isEqualTo("counts");
                // the admin: every figure as the records count it
                var exactFigures = figures(exact);
                exactFigures.forEach((name, f) -> assertThat(f.getValue().asLong()).as(where + " " + name)
                        .isEqualTo(sum(cells, f.getKey())));
                assertThat(exactFigures.keySet()).as("every cause of the catalogue listed")
                        .contains("rule income_below_line", "rule list:civil_affairs", "tier medium");
                // the planner: the same figures or withheld, never one under 5, nothing withheld derivable
                var countFigures = figures(counts);
                assertThat(countFigures.keySet()).isEqualTo(exactFigures.keySet());
                List<long[]> shown = new ArrayList<>();
                List<String> keys = List.copyOf(cells.keySet());
                for (var e : countFigures.entrySet()) {
                    JsonNode v = e.getValue().getValue();
                    long n = sum(cells, e.getValue().getKey());
                    long[] vector = keys.stream().mapToLong(k -> e.getValue().getKey().test(k) ? 1 : 0).toArray();
                    if (v.isNull()) {
                        withheld++;
                        continue;
                    }
                    published++;
                    assertThat(v.asLong()).as(where + " " + e.getKey()).isEqualTo(n);
                    boolean structural = java.util.Arrays.stream(vector).allMatch(x -> x == 0);
                    assertThat(structural || n >= 5).as(where + " " + e.getKey() + " = " + n).isTrue();
                    shown.add(vector);
                }
                assertNothingSmallDerivable(cells, keys, shown, where);
                assertThat(counts.toString()).doesNotContain("household_code").doesNotContain("alert-")
                        .doesNotContain("\"monitored\"").doesNotContain("open_alerts");
            }
        }
        assertThat(published).as("figures published to planners").isGreaterThan(20);
        assertDocumented("WatchArea", within(planner, county, 0));
        assertDocumented("WatchArea", within(admin, county, 0));
        assertThat(withheld).as("figures withheld from planners").isGreaterThan(20);
    }

    /**
     * Every group of cells (a 0/1 vector over the cells) whose count the published figures determine (it lies in
     * their span) holds at least 5 households, or is empty.
     */
    private static void assertNothingSmallDerivable(Map<String, Long> cells, List<String> keys, List<long[]> shown,
            String where) {
        int rank = rank(shown);
        int n = keys.size();
        for (int mask = 1; mask < (1 << n); mask++) {
            long[] v = new long[n];
            long count = 0;
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    v[i] = 1;
                    count += cells.get(keys.get(i));
                }
            }
            if (count >= 5) {
                continue;
            }
            List<long[]> with = new ArrayList<>(shown);
            with.add(v);
            if (rank(with) == rank) {
                List<String> group = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (v[i] == 1) {
                        group.add(keys.get(i));
                    }
                }
                throw new AssertionError(where + ": the published figures give away " + group + " = " + count);
            }
        }
    }

    private static int rank(List<long[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        int cols = rows.get(0).length;
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            m[i] = java.util.Arrays.stream(rows.get(i)).asDoubleStream().toArray();
        }
        int rank = 0;
        for (int c = 0; c < cols && rank < m.length; c++) {
            int pivot = -1;
            for (int r = rank; r < m.length; r++) {
                if (Math.abs(m[r][c]) > 1e-9) {
                    pivot = r;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            double[] tmp = m[pivot];
            m[pivot] = m[rank];
            m[rank] = tmp;
            for (int r = 0; r < m.length; r++) {
                if (r != rank && Math.abs(m[r][c]) > 1e-9) {
                    double f = m[r][c] / m[rank][c];
                    for (int k = c; k < cols; k++) {
                        m[r][k] -= f * m[rank][k];
                    }
                }
            }
            rank++;
        }
        return rank;
    }

    /** The answer has the members the OpenAPI document's schema requires, and no other. */
    private static void assertDocumented(String schema, JsonNode answer) {
        try (var in = WatchAnalysisApiTest.class.getResourceAsStream("/openapi.json")) {
            JsonNode s = JSON.readTree(in).at("/components/schemas/" + schema);
            List<String> required = new ArrayList<>();
            s.get("required").forEach(r -> required.add(r.asText()));
            List<String> keys = new ArrayList<>();
            answer.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as(schema).containsAll(required);
            keys.forEach(k -> assertThat(s.get("properties").has(k)).as(schema + " documents " + k).isTrue());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void a_drawing_around_a_single_household_at_risk_gives_planners_nothing_and_admins_the_count() {
        Map<String, Household> all = atRisk();
        Household one = all.values().stream().filter(h -> h.rule() != null).findFirst().orElseThrow();
        Envelope box = new Envelope(one.lonLat().getEnvelopeInternal());
        box.expandBy(0.0003);
        long inside = sum(cells(all, box, 0), k -> true);
        assertThat(inside).as("households at risk in the small box").isBetween(1L, 4L);
        JsonNode exact = within(admin, box, 0);
        assertThat(exact.get("households").asLong()).isEqualTo(inside);
        assertThat(exact.get("with_open_alert").asLong()).isPositive();
        JsonNode counts = within(planner, box, 0);
        assertThat(counts.get("households").isNull()).isTrue();
        assertThat(counts.get("with_open_alert").isNull()).isTrue();
        assertThat(counts.get("monitored_only").isNull()).isTrue();
        counts.get("by_rule").forEach(r -> assertThat(r.get("households").isNull()).as(r.toString()).isTrue());
        counts.get("by_tier").forEach(t -> assertThat(t.get("households").isNull() || t.get("households").asLong() == 0)
                .as(t.toString()).isTrue());
        assertThat(counts.get("min_group").asInt()).isEqualTo(5);
    }

    @Test
    void a_proposed_water_works_counts_the_households_at_risk_it_newly_reaches() {
        Map<String, Household> all = atRisk();
        Measure m = new Measure();
        List<Geometry> works = features("water_works").stream().map(f -> m.metric(f.geometry())).toList();
        Map<String, String> codeOf = new HashMap<>();
        features("villages", "code").forEach(v -> codeOf.put(v.id(), (String) v.properties().get("code")));
        int published = 0;
        int withheld = 0;
        // a works at each town's busiest village of households at risk not reached today, with two reaches
        Map<String, Long> byVillage = new TreeMap<>();
        all.values().forEach(h -> byVillage.merge(h.village(), 1L, Long::sum));
        List<String> busiest = byVillage.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(4).map(Map.Entry::getKey).toList();
        for (String village : busiest) {
            Household near = all.values().stream().filter(h -> h.village().equals(village)).findFirst().orElseThrow();
            Geometry at = near.lonLat();
            for (double reach : List.of(500.0, 3_000.0)) {
                ObjectNode body = JSON.createObjectNode().put("kind", "water_works").put("reach", reach);
                body.putObject("geometry").put("type", "Point").putArray("coordinates").add(at.getCoordinate().x)
                        .add(at.getCoordinate().y);
                JsonNode exactAnswer = json(post(admin, "/api/analysis/whatif", body));
                JsonNode exact = exactAnswer.get("watch");
                Set<String> reachedVillages = new HashSet<>();
                exactAnswer.at("/villages/today_ids").forEach(id -> reachedVillages.add(codeOf.get(id.asText())));
                Geometry proposal = m.metric(at);
                long before = 0;
                long added = 0;
                for (Household h : all.values()) {
                    boolean today = reachedVillages.contains(h.village())
                            || works.stream().anyMatch(w -> w.isWithinDistance(h.metric(), 500));
                    if (today) {
                        before++;
                    } else if (proposal.isWithinDistance(h.metric(), reach)) {
                        added++;
                    }
                }
                String where = village + " " + reach + " m";
                assertThat(exact.get("households").asLong()).as(where).isEqualTo(all.size());
                assertThat(exact.get("before").asLong()).as(where).isEqualTo(before);
                assertThat(exact.get("added").asLong()).as(where).isEqualTo(added);
                assertThat(exact.get("after").asLong()).as(where).isEqualTo(before + added);
                assertThat(added).as(where + ": the household the works stands by").isGreaterThanOrEqualTo(
                        reachedVillages.contains(village) ? 0 : 1);

                JsonNode counts = json(post(planner, "/api/analysis/whatif", body)).get("watch");
                assertThat(counts.get("access").asText()).isEqualTo("counts");
                Map<String, Long> cells = new LinkedHashMap<>();
                cells.put("before", before);
                cells.put("added", added);
                cells.put("neither", all.size() - before - added);
                List<String> keys = List.copyOf(cells.keySet());
                Map<String, long[]> vectors = Map.of("households", new long[] {1, 1, 1}, "before", new long[] {1, 0, 0},
                        "added", new long[] {0, 1, 0}, "after", new long[] {1, 1, 0});
                List<long[]> shown = new ArrayList<>();
                for (var e : vectors.entrySet()) {
                    JsonNode v = counts.get(e.getKey());
                    if (v.isNull()) {
                        withheld++;
                    } else {
                        published++;
                        assertThat(v.asLong()).as(where + " " + e.getKey()).isEqualTo(exact.get(e.getKey()).asLong())
                                .isGreaterThanOrEqualTo(5);
                        shown.add(e.getValue());
                    }
                }
                assertNothingSmallDerivable(cells, keys, shown, where);
            }
        }
        assertThat(published).isPositive();
        assertThat(withheld).as("a few households newly reached are withheld").isPositive();
        ObjectNode body = JSON.createObjectNode().put("kind", "water_works");
        body.putObject("geometry").put("type", "Point").putArray("coordinates").add(106.05).add(29.84);
        assertDocumented("WatchWhatIf", json(post(planner, "/api/analysis/whatif", body)).get("watch"));
        body.put("kind", "greenway").putObject("geometry").put("type", "LineString").putArray("coordinates")
                .add(JSON.createArrayNode().add(106.05).add(29.84)).add(JSON.createArrayNode().add(106.06).add(29.85));
        assertThat(json(post(planner, "/api/analysis/whatif", body)).has("watch")).as("a greenway reaches no water")
                .isFalse();
    }
}
