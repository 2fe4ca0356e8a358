package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.Role;
import org.xiangtu.service.DashboardService;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.Disclosure;
import org.xiangtu.testing.TestServer;

/**
 * No figure the dashboard withholds from the public can be worked out from what it publishes: every
 * public dashboard answer (the district and every town on every year's last day, and every village)
 * is fetched anonymously, each published figure becomes an equation over villages, and the withheld
 * ones are attacked by subtraction, elimination and linear algebra. The public layers the attacker
 * also knows (which villages a town has, when each was lifted, which projects a village has and their
 * budgets) come from the public OGC API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardPrivacyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default date, and the last day of each year whose lifting the data records (and one before). */
    private static final List<String> DATES = List.of("", "2014-12-31", "2015-12-31", "2016-12-31", "2017-12-31",
            "2018-12-31", "2019-12-31", "2020-12-31");
    private static final Set<String> HOUSEHOLD_KPIS = Set.of("poor_households", "poor_people", "safety_net_households");

    private TestServer server;
    /** Public facts: village code → town code, lifted year; project → village cell, town, budget. */
    private final Map<String, String> villageTown = new TreeMap<>();
    private final Map<String, Long> liftedYear = new HashMap<>();
    private final List<String[]> projects = new ArrayList<>();
    private final Map<String, Double> budget = new HashMap<>();
    /** Every public answer, by the path it was fetched with. */
    private final Map<String, JsonNode> answers = new LinkedHashMap<>();

    /** The server under test; subclasses choose the store. */
    protected TestServer startServer() {
        return TestServer.start();
    }

    @BeforeAll
    void start() throws Exception {
        server = startServer();
        for (JsonNode f : json("/ogc/collections/villages/items?limit=10000").get("features")) {
            JsonNode p = f.get("properties");
            villageTown.put(p.get("code").asText(), p.get("town_code").asText());
            if (p.hasNonNull("lifted_year")) {
                liftedYear.put(p.get("code").asText(), p.get("lifted_year").asLong());
            }
        }
        for (JsonNode f : json("/ogc/collections/projects/items?limit=10000").get("features")) {
            JsonNode p = f.get("properties");
            String town = p.get("town_code").asText();
            String cell = p.hasNonNull("village_code") ? p.get("village_code").asText() : town + "/town";
            projects.add(new String[] {f.get("id").asText(), cell, town, p.path("village_code").asText("")});
            budget.put(f.get("id").asText(), p.get("budget_yuan").asDouble());
        }
        Set<String> towns = new TreeSet<>(villageTown.values());
        for (String date : DATES) {
            String q = date.isEmpty() ? "" : "?asOf=" + date + "&year=2017"; // income of a year every date has
            answers.put("/api/dashboard" + q, json("/api/dashboard" + q));
            for (String town : towns) {
                answers.put("/api/dashboard/towns/" + town + q, json("/api/dashboard/towns/" + town + q));
            }
        }
        for (String village : villageTown.keySet()) {
            answers.put("/api/dashboard/villages/" + village, json("/api/dashboard/villages/" + village));
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void no_withheld_figure_can_be_derived_from_all_public_answers_together() {
        Disclosure d = new Disclosure();
        answers.forEach((path, doc) -> note(d, path, doc));
        assertThat(d.withheldCount()).as("the demo county has withheld figures").isGreaterThan(30);
        assertThat(d.bySubtraction()).as("withheld figures found by subtraction").isEmpty();
        assertThat(d.byLinearAlgebra()).as("withheld figures that are combinations of published ones").isEmpty();
    }

    @Test
    void the_attack_finds_a_village_left_alone_in_its_town() {
        // the check can fail: a town total with one village withheld gives that village away,
        // and so does the difference of two lifted totals
        Disclosure d = new Disclosure();
        d.published("poor", List.of("a", "b", "c"), 30, "town");
        d.published("poor", List.of("a"), 20, "village a");
        d.published("poor", List.of("b", "c", "x", "y"), 15, "lifted by 2019");
        d.published("poor", List.of("b", "c", "x"), 12, "lifted by 2018");
        d.withheld("poor", List.of("b"), "village b");
        d.withheld("poor", List.of("c"), "village c");
        d.withheld("poor", List.of("b", "c"), "villages b and c");
        d.withheld("poor", List.of("y"), "village y");
        assertThat(d.bySubtraction()).containsExactlyInAnyOrder("poor of villages b and c = 10.0",
                "poor of village y = 3.0");
        assertThat(d.byLinearAlgebra()).containsExactlyInAnyOrder("poor of villages b and c", "poor of village y");
    }

    @Test
    void household_figures_are_withheld_together_and_a_village_alike_in_every_answer() {
        Map<String, Set<Boolean>> hidden = new TreeMap<>();
        answers.forEach((path, doc) -> {
            Map<String, JsonNode> k = kpis(doc);
            boolean poor = k.get("poor_households").get("suppressed").asBoolean();
            for (String id : HOUSEHOLD_KPIS) {
                assertThat(k.get(id).get("suppressed").asBoolean()).as(path + " " + id).isEqualTo(poor);
            }
            if (poor) {
                assertThat(k.get("lifted_households").get("suppressed").asBoolean()).as(path).isTrue();
            }
            assertThat(k.get("lifted_share").get("suppressed").asBoolean()).as(path)
                    .isEqualTo(k.get("lifted_households").get("suppressed").asBoolean());
            for (JsonNode kpi : doc.get("kpis")) {
                if (kpi.get("suppressed").asBoolean()) {
                    assertThat(kpi.get("value").isNull()).as(path + " " + kpi.get("id")).isTrue();
                    assertThat(kpi.get("ids")).as(path + " " + kpi.get("id")).isEmpty();
                }
            }
            if (doc.at("/scope/level").asText().equals("village")) {
                hidden.computeIfAbsent(doc.at("/scope/code").asText(), c -> new TreeSet<>()).add(poor);
                hidden.get(doc.at("/scope/code").asText()).add(doc.at("/village/metrics/poor_households").isNull());
            }
            for (String list : List.of("children", "villages")) {
                for (JsonNode row : doc.get(list)) {
                    if (row.get("level").asText().equals("village")) {
                        hidden.computeIfAbsent(row.get("code").asText(), c -> new TreeSet<>())
                                .add(row.at("/metrics/poor_households").isNull());
                    }
                }
            }
        });
        hidden.forEach((village, states) -> assertThat(states).as(village).hasSize(1));
        long withheld = hidden.values().stream().filter(s -> s.contains(true)).count();
        assertThat(withheld).as("every village under 5 households, and complements").isGreaterThanOrEqualTo(35);
        answers.values().stream().flatMap(doc -> rows(doc).stream())
                .filter(row -> !row.at("/metrics/poor_households").isNull())
                .forEach(row -> assertThat(row.at("/metrics/poor_households").asLong()).as(row.get("code").asText())
                        .isGreaterThanOrEqualTo(DashboardService.MIN_GROUP));
    }

    @Test
    void leaders_see_every_figure() throws Exception {
        server.addUser("privacy-leader", Role.LEADER, "leader-password-1");
        ApiClient leader = server.client();
        assertThat(leader.signIn("privacy-leader", "leader-password-1").statusCode()).isEqualTo(200);
        for (String path : List.of("/api/dashboard?asOf=2017-12-31", "/api/dashboard/towns/500151104000?asOf=2017-12-31",
                "/api/dashboard/villages/500151003001")) {
            JsonNode doc = ApiClient.json(leader.get(path));
            for (JsonNode kpi : doc.get("kpis")) {
                assertThat(kpi.get("suppressed").asBoolean()).as(path + " " + kpi.get("id")).isFalse();
            }
            rows(doc).forEach(row -> assertThat(row.at("/metrics/poor_households").isNull()).as(path).isFalse());
        }
    }

    private static List<JsonNode> rows(JsonNode doc) {
        List<JsonNode> out = new ArrayList<>();
        doc.get("children").forEach(out::add);
        doc.get("villages").forEach(out::add);
        return out;
    }

    private static Map<String, JsonNode> kpis(JsonNode doc) {
        Map<String, JsonNode> out = new HashMap<>();
        doc.get("kpis").forEach(k -> out.put(k.get("id").asText(), k));
        return out;
    }

    /** Every household or spending figure of one answer, as an equation (published) or a target (withheld). */
    private void note(Disclosure d, String path, JsonNode doc) {
        String level = doc.at("/scope/level").asText();
        String code = doc.at("/scope/code").asText();
        int year = Integer.parseInt(doc.get("asOf").asText().substring(0, 4));
        Set<String> scope = villagesOf(level, code);
        Set<String> lifted = new TreeSet<>(scope);
        lifted.removeIf(v -> !(liftedYear.containsKey(v) && liftedYear.get(v) <= year));
        Map<String, JsonNode> k = kpis(doc);
        for (String id : HOUSEHOLD_KPIS) {
            figure(d, id, scope, k.get(id).get("value"), path + " " + id);
        }
        figure(d, "poor_households", lifted, k.get("lifted_households").get("value"), path + " lifted_households");
        JsonNode share = k.get("lifted_share").get("value");
        JsonNode poor = k.get("poor_households").get("value");
        figure(d, "poor_households", lifted, share.isNull() || poor.isNull() ? share
                : JSON.getNodeFactory().numberNode(share.asDouble() * poor.asDouble() / 100), path + " lifted_share");
        // spending: share × the public budget of the projects in scope
        Function<String[], Boolean> inScope = p -> switch (level) {
            case "district" -> true;
            case "town" -> p[2].equals(code);
            default -> p[3].equals(code);
        };
        Set<String> cells = new TreeSet<>();
        double scopeBudget = 0;
        for (String[] p : projects) {
            if (inScope.apply(p)) {
                cells.add(p[1]);
                scopeBudget += budget.get(p[0]);
            }
        }
        JsonNode spent = k.get("projects_spent_share").get("value");
        figure(d, "spent_yuan", cells, spent.isNull() ? spent
                : JSON.getNodeFactory().numberNode(spent.asDouble() * scopeBudget / 100), path + " projects_spent_share");
        for (JsonNode row : rows(doc)) {
            String rowCode = row.get("code").asText();
            figure(d, "poor_households", villagesOf(row.get("level").asText(), rowCode),
                    row.at("/metrics/poor_households"), path + " row " + rowCode);
        }
        if (doc.has("village")) {
            figure(d, "poor_households", scope, doc.at("/village/metrics/poor_households"), path + " card");
        }
    }

    private static void figure(Disclosure d, String family, Set<String> cells, JsonNode value, String source) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            d.withheld(family, cells, source);
        } else {
            d.published(family, cells, value.asDouble(), source);
        }
    }

    private Set<String> villagesOf(String level, String code) {
        Set<String> out = new TreeSet<>();
        villageTown.forEach((v, t) -> {
            if (level.equals("district") || (level.equals("town") && t.equals(code)) || v.equals(code)) {
                out.add(v);
            }
        });
        return out;
    }
}
