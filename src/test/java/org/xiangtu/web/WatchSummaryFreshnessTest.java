package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.ApiServerTest;

/**
 * {@code GET /api/watch/summary} is kept between changes of the watch ({@code service.WatchSummaries}), so every
 * write must be seen by the next summary: after an alert opened by a household's update, its verification, the
 * end of the monitoring, a department's list and a full run, the leader's figures for the village (today) equal
 * the counts of the records listed then, and the figure that the write changed has changed.
 */
class WatchSummaryFreshnessTest extends ApiServerTest {
    /** A demo cadre with six households in village 500151103202. */
    private static final String CADRE = "gb50015110320201";
    private static final String VILLAGE = "500151103202";
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private ApiClient cadre;
    private ApiClient leader;
    private ApiClient admin;
    private List<String> mine;

    WatchSummaryFreshnessTest() {
        super("fresh-password-1");
    }

    @BeforeAll
    void start() {
        addUser(CADRE, Role.CADRE);
        addUser("fresh-leader", Role.LEADER);
        addUser("fresh-admin", Role.ADMIN);
        cadre = signedIn(CADRE);
        leader = signedIn("fresh-leader");
        admin = signedIn("fresh-admin");
        mine = new ArrayList<>();
        json(cadre.get("/api/field/households")).get("features")
                .forEach(f -> mine.add(f.get("properties").get("code").asText()));
        assertThat(mine).hasSizeGreaterThanOrEqualTo(2);
    }

    private static HttpResponse<String> post(ApiClient c, String path, JsonNode body) {
        return c.send("POST", path, body.toString(), Map.of("X-CSRF-Token", c.csrf()));
    }

    private HttpResponse<String> setIncome(String code, double wage) {
        long version = json(cadre.get("/api/field/households/" + code)).get("version").asLong();
        ObjectNode body = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("base_version", version)
                .put("at", AT.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS)));
        body.set("changes", JSON.valueToTree(Map.of("income_wage_2020", wage, "income_business_2020", 0,
                "income_transfer_2020", 0, "income_property_2020", 0)));
        return post(cadre, "/api/field/households/" + code + "/updates", body);
    }

    /** The village's totals today, checked against the records listed now; returns them. */
    private JsonNode totals() {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        // asked twice: the second answer comes from what the first left, and must be the same
        JsonNode first = json(leader.get("/api/watch/summary?scope=" + VILLAGE + "&asOf=" + today)).get("totals");
        JsonNode t = json(leader.get("/api/watch/summary?scope=" + VILLAGE + "&asOf=" + today)).get("totals");
        assertThat(t).isEqualTo(first);
        long open = json(leader.get("/api/watch/alerts?village=" + VILLAGE + "&status=open&limit=5000"))
                .get("alerts").size();
        long monitored = json(leader.get("/api/watch/monitoring?village=" + VILLAGE)).get("monitoring").size();
        assertThat(t.get("open_alerts").asLong()).as("open alerts").isEqualTo(open);
        assertThat(t.get("households_monitored").asLong()).as("households monitored").isEqualTo(monitored);
        return t;
    }

    private List<String> openAlerts(String code) {
        List<String> ids = new ArrayList<>();
        json(leader.get("/api/watch/alerts?household=" + code + "&status=open")).get("alerts")
                .forEach(a -> ids.add(a.get("id").asText()));
        return ids;
    }

    @Test
    void every_write_of_the_watch_shows_in_the_next_summary() {
        // a household of the cadre with no open alert and not under monitoring
        List<String> monitored = new ArrayList<>();
        json(leader.get("/api/watch/monitoring?village=" + VILLAGE)).get("monitoring")
                .forEach(m -> monitored.add(m.get("household_code").asText()));
        String code = mine.stream().filter(c -> !monitored.contains(c) && openAlerts(c).isEmpty()).findFirst()
                .orElseThrow();
        String other = mine.stream().filter(c -> !c.equals(code)).findFirst().orElseThrow();
        JsonNode before = totals();
        assertThat(setIncome(code, 100).statusCode()).isEqualTo(201);
        JsonNode opened = totals();
        assertThat(opened.get("open_alerts").asLong()).isGreaterThan(before.get("open_alerts").asLong());

        for (String id : openAlerts(code)) {
            HttpResponse<String> r = post(cadre, "/api/field/alerts/" + id + "/verify",
                    JSON.createObjectNode().put("confirmed", true).put("note", "安排公益性岗位"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        JsonNode verified = totals();
        assertThat(verified.get("open_alerts").asLong()).isLessThan(opened.get("open_alerts").asLong());
        assertThat(verified.get("households_monitored").asLong())
                .isGreaterThan(opened.get("households_monitored").asLong());

        assertThat(setIncome(code, 90000).statusCode()).isEqualTo(201);
        HttpResponse<String> end = post(leader, "/api/watch/monitoring/" + code + "/end",
                JSON.createObjectNode().put("reason", "收入恢复，风险消除"));
        assertThat(end.statusCode()).as(end.body()).isEqualTo(204);
        JsonNode ended = totals();
        assertThat(ended.get("households_monitored").asLong())
                .isLessThan(verified.get("households_monitored").asLong());

        String csv = "code,reason\n" + other + ",大病救助\n";
        HttpResponse<String> list = leader.upload("/api/watch/lists", "list.csv", csv.getBytes(StandardCharsets.UTF_8),
                Map.of("source", "health_insurance"));
        assertThat(list.statusCode()).as(list.body()).isEqualTo(201);
        JsonNode listed = totals();
        assertThat(listed.get("open_alerts").asLong()).isEqualTo(ended.get("open_alerts").asLong() + 1);

        HttpResponse<String> run = post(admin, "/api/watch/run", JSON.createObjectNode());
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        totals();
    }
}
