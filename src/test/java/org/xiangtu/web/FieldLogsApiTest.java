package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.xiangtu.catalog.Role;
import org.xiangtu.geo.Crs;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.ApiServerTest;

/**
 * The cadres' work logs ({@code /api/field/logs}) on the demo county: a log about one of the cadre's
 * households or about a village where they have households is stored once however often it is sent, at
 * the household's position or inside the village; the cadre lists their own logs, newest first; bad input
 * is refused naming the field; another cadre's household, or a village without the cadre's households,
 * answers 404; other roles are refused.
 */
class FieldLogsApiTest extends ApiServerTest {
    /** A demo cadre with six households in village 500151103202, and four demo logs. */
    private static final String CADRE = "gb50015110320201";
    private static final String HOUSEHOLD = "5001511032020001";
    private static final String VILLAGE = "500151103202";
    private static final String OTHERS_HOUSEHOLD = "5001510030010001";
    private static final String OTHER_VILLAGE = "500151003001";
    private ApiClient cadre;

    FieldLogsApiTest() {
        super("field-password-1");
    }

    @BeforeAll
    void start() {
        addUser(CADRE, Role.CADRE);
        addUser("logs-admin", Role.ADMIN);
        addUser("logs-leader", Role.LEADER);
        cadre = signedIn(CADRE);
    }

    private static ObjectNode log(String household, String at) {
        return JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("household_code", household)
                .put("kind", "measure").put("at", at).put("text", "协调医疗报销，核对收入");
    }

    private HttpResponse<String> post(JsonNode body) {
        return cadre.send("POST", "/api/field/logs", body.toString(), Map.of());
    }

    @Test
    void a_household_log_sent_twice_is_stored_once_at_the_households_position() throws Exception {
        ObjectNode body = log(HOUSEHOLD, "2020-10-14T09:35:00+08:00");
        HttpResponse<String> first = post(body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        HttpResponse<String> again = post(body.put("text", "changed"));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again)).isEqualTo(json(first));
        JsonNode l = json(first);
        assertThat(l.get("village_code").asText()).isEqualTo(VILLAGE);
        assertThat(l.get("cadre").asText()).isEqualTo(CADRE);
        assertThat(l.get("text").asText()).isEqualTo("协调医疗报销，核对收入");
        JsonNode at = json(cadre.get("/api/field/households/" + HOUSEHOLD)).get("geometry").get("coordinates");
        assertThat(l.get("lon").asDouble()).isEqualTo(at.get(0).asDouble());
        assertThat(l.get("lat").asDouble()).isEqualTo(at.get(1).asDouble());
        assertThat(server.routes().work().audit().page("log-add", CADRE, 100, 0))
                .filteredOn(e -> e.target().equals(body.get("id").asText())).hasSize(1);
    }

    @Test
    void a_village_log_lies_inside_the_village() throws Exception {
        ObjectNode body = log(HOUSEHOLD, "2020-10-15T09:35:00+08:00");
        body.remove("household_code");
        body.put("village_code", VILLAGE);
        HttpResponse<String> r = post(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode l = json(r);
        assertThat(l.get("household_code").isNull()).isTrue();
        var village = server.store.feature("villages", "village-" + VILLAGE, List.of()).orElseThrow().geometry();
        assertThat(village.covers(Crs.LONLAT.createPoint(new Coordinate(l.get("lon").asDouble(),
                l.get("lat").asDouble())))).isTrue();
    }

    @Test
    void a_cadre_lists_their_own_logs_newest_first() throws Exception {
        String today = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        ObjectNode body = log(HOUSEHOLD, today);
        assertThat(post(body).statusCode()).isEqualTo(201);
        HttpResponse<String> r = cadre.get("/api/field/logs?limit=3");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).isEqualTo("no-store");
        JsonNode logs = json(r).get("logs");
        assertThat(logs).hasSize(3);
        assertThat(logs.get(0).get("id").asText()).isEqualTo(body.get("id").asText());
        for (int i = 1; i < logs.size(); i++) {
            assertThat(logs.get(i - 1).get("at").asText()).isGreaterThanOrEqualTo(logs.get(i).get("at").asText());
        }
        logs.forEach(l -> assertThat(l.get("cadre").asText()).isEqualTo(CADRE));
        assertThat(json(cadre.get("/api/field/logs")).get("logs").size()).isGreaterThanOrEqualTo(5); // four demo logs
        assertThat(json(cadre.get("/api/field/logs?limit=100000")).get("limit").asInt()).isEqualTo(200);
        assertThat(json(cadre.get("/api/field/logs?limit=0")).get("parameter").asText()).isEqualTo("limit");
        assertThat(json(cadre.get("/api/field/logs?cadre=gb50015100300101")).get("parameter").asText()).isEqualTo("cadre");
    }

    @Test
    void bad_input_is_refused_naming_the_field_and_writes_nothing() throws Exception {
        String future = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(3).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String at = "2020-09-20T10:00:00+08:00";
        Map<String, ObjectNode> bad = new LinkedHashMap<>();
        bad.put("id", log(HOUSEHOLD, at).put("id", "not-a-uuid"));
        bad.put("kind", log(HOUSEHOLD, at).put("kind", "diary"));
        bad.put("at", log(HOUSEHOLD, "2020-09-20T10:00:00")); // no offset
        bad.put("at ", log(HOUSEHOLD, future));
        bad.put("text", log(HOUSEHOLD, at).put("text", "很".repeat(2_001)));
        bad.put("text ", (ObjectNode) log(HOUSEHOLD, at).remove(List.of("text")));
        bad.put("text  ", log(HOUSEHOLD, at).put("text", "  "));
        bad.put("household_code", (ObjectNode) log(HOUSEHOLD, at).remove(List.of("household_code")));
        bad.put("village_code", log(HOUSEHOLD, at).put("village_code", VILLAGE));
        bad.put("photos", log(HOUSEHOLD, at).put("photos", 3));
        for (var e : bad.entrySet()) {
            HttpResponse<String> r = post(e.getValue());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json(r).get("parameter").asText()).isEqualTo(e.getKey().trim());
            assertThat(server.routes().work().field().log(e.getValue().path("id").asText())).isEmpty();
        }
    }

    @Test
    void another_cadres_household_or_village_answers_404_and_writes_nothing() throws Exception {
        ObjectNode others = log(OTHERS_HOUSEHOLD, "2020-09-20T10:00:00+08:00");
        HttpResponse<String> r = post(others);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("gb50015100300101");
        ObjectNode village = log(HOUSEHOLD, "2020-09-20T10:00:00+08:00");
        village.remove("household_code");
        village.put("village_code", OTHER_VILLAGE);
        assertThat(post(village).statusCode()).isEqualTo(404);
        assertThat(post(log("5001519999999999", "2020-09-20T10:00:00+08:00")).statusCode()).isEqualTo(404);
        assertThat(server.routes().work().field().log(others.get("id").asText())).isEmpty();
        assertThat(server.routes().work().field().log(village.get("id").asText())).isEmpty();
    }

    @Test
    void only_cadres_reach_the_logs() {
        String body = log(HOUSEHOLD, "2020-09-14T09:35:00+08:00").toString();
        ApiClient anyone = server.client();
        assertThat(anyone.get("/api/field/logs").statusCode()).isEqualTo(401);
        assertThat(anyone.send("POST", "/api/field/logs", body, Map.of()).statusCode()).isEqualTo(401);
        for (String name : List.of("logs-admin", "logs-leader")) {
            ApiClient c = signedIn(name);
            assertThat(c.get("/api/field/logs").statusCode()).as(name).isEqualTo(403);
            assertThat(c.send("POST", "/api/field/logs", body, Map.of()).statusCode()).as(name).isEqualTo(403);
        }
    }
}
