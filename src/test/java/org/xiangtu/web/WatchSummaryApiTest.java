package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * {@code GET /api/watch/summary} on the demo county's year of the relapse watch: every figure a leader gets
 * equals the count made directly from {@code /api/watch/alerts} and {@code /api/watch/monitoring} (district,
 * the town with most open alerts, its village with most); the public and planners get counts of five or more
 * households and no record; bad input is refused naming the parameter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchSummaryApiTest {
    private static final String PASSWORD = "summary-password-1";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate AS_OF = LocalDate.parse("2020-10-31");
    private TestServer server;
    private ApiClient leader;
    private final List<JsonNode> alerts = new ArrayList<>();
    private final List<JsonNode> monitoring = new ArrayList<>();
    private final Map<String, String> townOf = new HashMap<>();

    protected TestServer startServer() {
        return TestServer.start();
    }

    @BeforeAll
    void start() {
        server = startServer();
        server.addUser("summary-leader", Role.LEADER, PASSWORD);
        server.addUser("summary-planner", Role.PLANNER, PASSWORD);
        leader = signedIn("summary-leader");
        for (int offset = 0;; offset += 5000) {
            JsonNode page = ApiClient.json(leader.get("/api/watch/alerts?limit=5000&offset=" + offset)).get("alerts");
            page.forEach(alerts::add);
            if (page.size() < 5000) {
                break;
            }
        }
        ApiClient.json(leader.get("/api/watch/monitoring?current=false")).get("monitoring").forEach(monitoring::add);
        ApiClient.json(leader.get("/ogc/collections/villages/items?limit=10000")).get("features").forEach(f ->
                townOf.put(f.get("properties").get("code").asText(), f.get("properties").get("town_code").asText()));
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(859);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ApiClient signedIn(String name) {
        ApiClient c = server.client();
        assertThat(c.signIn(name, PASSWORD).statusCode()).isEqualTo(200);
        return c;
    }

    private static Instant end() {
        return AS_OF.plusDays(1).atStartOfDay(ZONE).toInstant();
    }

    private static Instant at(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.parse(n.asText());
    }

    private static boolean open(JsonNode a) {
        Instant closed = at(a.get("closed_at"));
        return at(a.get("opened_at")).isBefore(end()) && (closed == null || !closed.isBefore(end()));
    }

    private static boolean overdue(JsonNode a) {
        return open(a) && AS_OF.isAfter(LocalDate.parse(a.get("due_on").asText()));
    }

    private static LocalDate day(JsonNode t) {
        return LocalDate.ofInstant(at(t), ZONE);
    }

    private static boolean inWindow(LocalDate d) {
        return d != null && !d.isBefore(YearMonth.from(AS_OF).minusMonths(11).atDay(1)) && !d.isAfter(AS_OF);
    }

    private static LocalDate date(JsonNode n) {
        return n == null || n.isNull() ? null : LocalDate.parse(n.asText());
    }

    private static boolean monitored(JsonNode m) {
        LocalDate ended = date(m.get("ended_on"));
        return !date(m.get("since")).isAfter(AS_OF) && (ended == null || ended.isAfter(AS_OF));
    }

    private static boolean verified(JsonNode a) {
        return !a.get("status").asText().equals("open") && inWindow(day(a.get("closed_at")));
    }

    private static Double avg(List<JsonNode> verified) {
        if (verified.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (JsonNode a : verified) {
            sum += (at(a.get("closed_at")).getEpochSecond() - at(a.get("opened_at")).getEpochSecond()) / 86_400.0;
        }
        return Math.round(10 * sum / verified.size()) / 10.0;
    }

    /** Checks a leader's answer for the area against the records in it. */
    private void checkLeader(JsonNode s, Predicate<String> inArea) {
        List<JsonNode> a = alerts.stream().filter(x -> inArea.test(x.get("village_code").asText())).toList();
        List<JsonNode> m = monitoring.stream().filter(x -> inArea.test(x.get("village_code").asText())).toList();
        JsonNode t = s.get("totals");
        assertThat(t.get("households_monitored").asLong()).isEqualTo(m.stream().filter(WatchSummaryApiTest::monitored).count());
        assertThat(t.get("open_alerts").asLong()).isEqualTo(a.stream().filter(WatchSummaryApiTest::open).count());
        assertThat(t.get("overdue_alerts").asLong()).isEqualTo(a.stream().filter(WatchSummaryApiTest::overdue).count());
        assertThat(t.get("opened_12m").asLong()).isEqualTo(a.stream().filter(x -> inWindow(day(x.get("opened_at")))).count());
        List<JsonNode> v = a.stream().filter(WatchSummaryApiTest::verified).toList();
        assertThat(t.get("verified_12m").asLong()).isEqualTo(v.size());
        Double avg = avg(v);
        assertThat(t.get("avg_days_to_verify").isNull() ? null : t.get("avg_days_to_verify").asDouble()).isEqualTo(avg);
        if (!v.isEmpty()) {
            long confirmed = v.stream().filter(x -> x.get("status").asText().equals("confirmed")).count();
            assertThat(t.get("confirmed_share").asDouble()).isEqualTo(Math.round(1000.0 * confirmed / v.size()) / 1000.0);
        }
        Map<String, Long> tiers = new TreeMap<>();
        Map<String, Long> causes = new TreeMap<>();
        a.stream().filter(WatchSummaryApiTest::open).forEach(x -> {
            tiers.merge(x.get("tier").asText(), 1L, Long::sum);
            causes.merge(x.get("rule").asText(), 1L, Long::sum);
        });
        Map<String, Long> gotTiers = new TreeMap<>();
        s.get("tiers").forEach(x -> {
            assertThat(x.get("title").get("zh").asText()).isNotBlank();
            if (x.get("open").asLong() > 0) {
                gotTiers.put(x.get("tier").asText(), x.get("open").asLong());
            }
        });
        assertThat(gotTiers).isEqualTo(tiers);
        Map<String, Long> gotCauses = new TreeMap<>();
        s.get("causes").forEach(x -> {
            assertThat(x.get("title").get("en").asText()).as(x.get("rule").asText()).isNotBlank();
            gotCauses.put(x.get("rule").asText(), x.get("open").asLong());
        });
        assertThat(gotCauses).isEqualTo(causes);
        for (JsonNode month : s.get("series")) {
            YearMonth ym = YearMonth.parse(month.get("month").asText());
            Predicate<LocalDate> in = d -> d != null && YearMonth.from(d).equals(ym) && !d.isAfter(AS_OF);
            assertThat(month.get("opened").asLong()).isEqualTo(a.stream().filter(x -> in.test(day(x.get("opened_at")))).count());
            assertThat(month.get("verified").asLong()).isEqualTo(a.stream().filter(x -> !x.get("status").asText()
                    .equals("open") && in.test(day(x.get("closed_at")))).count());
            assertThat(month.get("entered").asLong()).isEqualTo(m.stream().filter(x -> in.test(date(x.get("since")))).count());
            assertThat(month.get("left").asLong()).isEqualTo(m.stream().filter(x -> in.test(date(x.get("ended_on")))).count());
        }
    }

    private JsonNode summary(ApiClient c, String query) {
        var r = c.get("/api/watch/summary?asOf=" + AS_OF + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("").replace(" ", "")).isEqualTo("application/json;charset=utf-8");
        return ApiClient.json(r);
    }

    @Test
    void every_leader_figure_equals_the_count_from_the_records() {
        JsonNode d = summary(leader, "");
        assertThat(d.get("access").asText()).isEqualTo("household");
        assertThat(d.get("totals").get("open_alerts").asLong()).isGreaterThan(0);
        assertThat(d.get("totals").get("overdue_alerts").asLong()).isEqualTo(29); // the demo's year (WatchYear)
        assertThat(d.get("totals").get("households_monitored").asLong()).isEqualTo(208);
        checkLeader(d, v -> true);
        JsonNode busiest = null;
        long units = 0;
        for (JsonNode town : d.get("units")) {
            String code = town.get("code").asText();
            assertThat(town.get("open").asLong()).isEqualTo(alerts.stream().filter(x -> code.equals(
                    townOf.get(x.get("village_code").asText())) && open(x)).count());
            assertThat(town.get("overdue").asLong()).isEqualTo(alerts.stream().filter(x -> code.equals(
                    townOf.get(x.get("village_code").asText())) && overdue(x)).count());
            assertThat(town.get("monitored").asLong()).isEqualTo(monitoring.stream().filter(x -> code.equals(
                    townOf.get(x.get("village_code").asText())) && monitored(x)).count());
            units += town.get("open").asLong();
            if (busiest == null || town.get("open").asLong() > busiest.get("open").asLong()) {
                busiest = town;
            }
        }
        assertThat(units).isEqualTo(d.get("totals").get("open_alerts").asLong());
        String town = busiest.get("code").asText();
        JsonNode t = summary(leader, "&scope=" + town.substring(0, 9));
        assertThat(t.get("scope").get("level").asText()).isEqualTo("town");
        checkLeader(t, v -> town.equals(townOf.get(v)));
        JsonNode village = null;
        for (JsonNode v : t.get("units")) {
            String code = v.get("code").asText();
            assertThat(v.get("open").asLong()).isEqualTo(alerts.stream().filter(x -> code.equals(
                    x.get("village_code").asText()) && open(x)).count());
            if (village == null || v.get("open").asLong() > village.get("open").asLong()) {
                village = v;
            }
        }
        String code = village.get("code").asText();
        JsonNode v = summary(leader, "&scope=" + code);
        checkLeader(v, code::equals);
        Set<String> listed = new HashSet<>();
        v.get("alerts").forEach(x -> listed.add(x.get("id").asText()));
        Set<String> expected = new HashSet<>();
        alerts.stream().filter(x -> code.equals(x.get("village_code").asText()) && (open(x) || verified(x)))
                .forEach(x -> expected.add(x.get("id").asText()));
        assertThat(listed).isEqualTo(expected).isNotEmpty();
        v.get("alerts").forEach(x -> assertThat(x.get("cadre").asText()).isNotBlank());
    }

    @Test
    void the_public_and_planners_get_counts_of_five_or_more() {
        for (ApiClient c : List.of(server.client(), signedIn("summary-planner"))) {
            JsonNode d = summary(c, "");
            assertThat(d.get("access").asText()).isEqualTo("counts");
            assertThat(d.has("tiers") || d.has("causes") || d.has("alerts")).isFalse();
            assertThat(d.toString()).doesNotContain("household_code").doesNotContain("cadre").doesNotContain("gb5");
            assertThat(d.get("totals").get("households_monitored").get("value").asLong()).isEqualTo(208);
            // today's counts only, whatever date is asked: two dates would give away who left in between; and no
            // overdue count beside the open one (their difference could be under five)
            assertThat(d.get("as_of").asText()).isEqualTo(java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"))
                    .toString());
            assertThat(d.get("totals").has("households_overdue")).isFalse();
            assertThat(d.get("units")).isNotEmpty();
            assertThat(d.get("series")).hasSize(12);
            for (JsonNode value : d.findValues("value")) {
                assertThat(value.isNull() || value.asLong() >= 5).as(d.toString()).isTrue();
            }
            for (JsonNode figure : d.findParents("suppressed")) {
                assertThat(figure.get("value").isNull()).isEqualTo(figure.get("suppressed").asBoolean());
            }
            String village = alerts.get(0).get("village_code").asText();
            JsonNode v = summary(c, "&scope=" + village);
            assertThat(v.has("alerts")).isFalse();
            assertThat(v.toString()).doesNotContain("household_code");
        }
    }

    @Test
    void bad_input_is_refused_naming_the_parameter() {
        for (String q : List.of("scope=999999999", "scope=abc", "asOf=2020-13-01", "colour=red")) {
            var r = server.client().get("/api/watch/summary?" + q);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(server.client().get("/api/watch/summary?scope=abc").body()).contains("scope");
    }
}
