package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xiangtu.service.DashboardService;
import org.xiangtu.testing.TestServer;

/** The cockpit's API on the demo county: the published figures, drill-down, dates and privacy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestServer server;
    private JsonNode district;

    /** The server under test; subclasses choose the store. */
    protected TestServer startServer() {
        return TestServer.start();
    }

    @BeforeAll
    void start() throws Exception {
        server = startServer();
        district = json("/api/dashboard");
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
        assertThat(r.headers().firstValue("Content-Type").orElse("")).containsIgnoringCase("charset=utf-8");
        return JSON.readTree(r.body());
    }

    private static Map<String, JsonNode> kpis(JsonNode doc) {
        Map<String, JsonNode> out = new HashMap<>();
        doc.get("kpis").forEach(k -> out.put(k.get("id").asText(), k));
        return out;
    }

    @Test
    void the_district_shows_the_published_figures_with_the_features_behind_them() {
        Map<String, JsonNode> k = kpis(district);
        assertThat(k.get("poor_households").get("value").asLong()).isEqualTo(4_448);
        assertThat(k.get("lifted_households").get("value").asLong()).isEqualTo(4_448);
        assertThat(k.get("poor_people").get("value").asLong()).isEqualTo(12_571);
        assertThat(k.get("greenway_km").get("value").asDouble()).isBetween(59.5, 60.5);
        assertThat(k.get("greenway_villages").get("value").asInt()).isEqualTo(24);
        assertThat(k.get("greenway_villages").get("ids")).hasSize(24);
        assertThat(k.get("greenway_towns").get("value").asInt()).isEqualTo(5);
        assertThat(k.get("greenway_bases").get("value").asInt()).isEqualTo(34);
        assertThat(k.get("industry_mu").get("value").asDouble()).isBetween(396_000.0, 404_000.0);
        assertThat(k.get("roads_km").get("value").asDouble()).isBetween(1_552.0, 1_568.0);
        assertThat(k.get("visits_12m").get("value").asLong()).isBetween(49_000L, 50_000L);
        assertThat(k.get("meetings_12m").get("value").asLong()).isEqualTo(318);
        assertThat(k.get("problems_solved_12m").get("value").asLong()).isEqualTo(390);
        assertThat(k.get("projects_overdue").get("ids").size()).isEqualTo(k.get("projects_overdue").get("value").asInt());
        assertThat(district.at("/charts/income/values/0").asDouble()).isEqualTo(16_477);
        assertThat(district.at("/charts/income/values/2").asDouble()).isEqualTo(19_690);
        assertThat(district.get("children")).hasSize(28);
        district.get("kpis").forEach(kpi -> {
            assertThat(kpi.at("/label/zh").asText()).isNotBlank();
            assertThat(kpi.at("/label/en").asText()).isNotBlank();
        });
    }

    @Test
    void towns_add_up_to_the_district_and_villages_to_their_town() throws Exception {
        long sum = 0;
        for (JsonNode town : district.get("children")) {
            sum += town.at("/metrics/poor_households").asLong();
        }
        // towns are large enough that no town figure is suppressed
        assertThat(sum).isEqualTo(4_448);
        JsonNode town = json("/api/dashboard/towns/500151123000");
        assertThat(town.at("/scope/name").asText()).isEqualTo("双山镇");
        assertThat(town.at("/scope/path/0/level").asText()).isEqualTo("district");
        long townPoor = kpis(town).get("poor_households").get("value").asLong();
        JsonNode row = null;
        for (JsonNode t : district.get("children")) {
            if (t.get("code").asText().equals("500151123000")) {
                row = t;
            }
        }
        assertThat(townPoor).isEqualTo(row.at("/metrics/poor_households").asLong());
        assertThat(town.get("children")).isNotEmpty();
        town.get("children").forEach(v -> assertThat(v.get("level").asText()).isEqualTo("village"));
    }

    @Test
    void a_village_has_its_card_and_breadcrumb() throws Exception {
        JsonNode v = json("/api/dashboard/villages/500151123201");
        assertThat(v.at("/scope/name").asText()).isEqualTo("岩湾村");
        assertThat(v.at("/scope/path/1/name").asText()).isEqualTo("双山镇");
        assertThat(v.at("/village/properties/name").asText()).isEqualTo("岩湾村");
        assertThat(v.at("/village/properties").has("poor_households")).as("a leader field in a public card").isFalse();
        assertThat(v.get("children")).isEmpty();
    }

    @Test
    void progress_on_an_earlier_date_comes_from_the_history() throws Exception {
        JsonNode now = district.at("/charts/projectsByStatus");
        JsonNode before = json("/api/dashboard?asOf=2019-06-30").at("/charts/projectsByStatus");
        assertThat(before.get("done").asInt()).isLessThan(now.get("done").asInt());
        assertThat(before.get("planned").asInt()).isGreaterThan(now.get("planned").asInt());
        assertThat(kpis(json("/api/dashboard?year=2017")).get("income").get("value").asDouble()).isEqualTo(16_477);
    }

    @Test
    void each_project_in_scope_comes_with_its_state_on_the_date_for_the_map() throws Exception {
        JsonNode before = json("/api/dashboard?asOf=2019-10-31");
        assertThat(district.get("projects")).hasSize(258);
        assertThat(project(district, "project-002").get("status").asText()).isEqualTo("done");
        assertThat(project(district, "project-002").get("progress_pct").asDouble()).isEqualTo(100.0);
        assertThat(project(before, "project-002").get("status").asText()).isEqualTo("planned");
        assertThat(project(before, "project-003").get("progress_pct").asDouble()).isEqualTo(84.7);
        long doneBefore = 0;
        for (JsonNode p : before.get("projects")) {
            doneBefore += p.get("status").asText().equals("done") ? 1 : 0;
        }
        assertThat(doneBefore).as("the map's states agree with the chart").isEqualTo(before.at("/charts/projectsByStatus/done").asLong());
        JsonNode town = json("/api/dashboard/towns/500151112000?asOf=2019-10-31");
        assertThat(town.get("projects")).isNotEmpty().allSatisfy(p -> assertThat(p.has("status")).isTrue());
        assertThat(town.get("projects").size()).isLessThan(258);
    }

    private static JsonNode project(JsonNode dashboard, String id) {
        for (JsonNode p : dashboard.get("projects")) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no project " + id);
    }

    @Test
    void greenway_reach_follows_the_distance_parameter() throws Exception {
        int near = kpis(json("/api/dashboard?reach=100")).get("greenway_villages").get("value").asInt();
        int far = kpis(json("/api/dashboard?reach=5000")).get("greenway_villages").get("value").asInt();
        assertThat(near).isLessThanOrEqualTo(24);
        assertThat(far).isGreaterThan(24);
    }

    @Test
    void small_groups_of_poor_households_are_never_shown_to_the_public() {
        int suppressed = 0;
        for (JsonNode v : district.get("villages")) {
            JsonNode poor = v.at("/metrics/poor_households");
            if (poor.isNull()) {
                suppressed++;
            } else {
                assertThat(poor.asLong()).isGreaterThanOrEqualTo(DashboardService.MIN_GROUP);
            }
        }
        assertThat(suppressed).as("the demo county has villages with fewer than 5 poor households").isPositive();
    }

    @ParameterizedTest
    @CsvSource({"asOf=2020-13-01,asOf", "year=1999,year", "year=soon,year", "reach=0,reach", "reach=far,reach",
        "colour=red,colour", "year=4294969316,year", "asOf=1900-01-01,asOf"})
    void bad_parameters_are_400_naming_them(String query, String parameter) throws Exception {
        HttpResponse<String> r = server.get("/api/dashboard?" + query);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("parameter").asText()).isEqualTo(parameter);
    }

    @Test
    void unknown_codes_are_404() {
        assertThat(server.get("/api/dashboard/towns/500151999000").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/dashboard/villages/x").statusCode()).isEqualTo(404);
    }
}
