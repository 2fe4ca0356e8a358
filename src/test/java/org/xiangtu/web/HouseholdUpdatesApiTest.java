package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.ApiServerTest;

/**
 * Household updates and the review queue over HTTP on the demo county (GeoPackage): a cadre updates only
 * their own households (another's is 404), bad fields and values are refused naming {@code changes.<field>}
 * and write nothing, an update sent twice is answered the same, a field two cadres' devices changed goes
 * to the review queue, which leaders list and resolve once (409 after), while planners get only the
 * counts per village (never a household code or value); the village's row follows every change.
 */
class HouseholdUpdatesApiTest extends ApiServerTest {
    private static final String CADRE = "gb50015100300101";
    private static final String OTHER_CADRE = "gb50015100320101";
    private static final String MINE = "5001510030010001";
    private static final String SECOND = "5001510030010002";
    private static final String OTHERS = "5001510032010001";
    private static final String VILLAGE = "500151003001";
    private ApiClient cadre;
    private ApiClient leader;
    private ApiClient planner;

    HouseholdUpdatesApiTest() {
        super("update-password-1");
    }

    @BeforeAll
    void start() {
        addUser(CADRE, Role.CADRE);
        addUser(OTHER_CADRE, Role.CADRE);
        addUser("upd-leader", Role.LEADER);
        addUser("upd-planner", Role.PLANNER);
        cadre = signedIn(CADRE);
        leader = signedIn("upd-leader");
        planner = signedIn("upd-planner");
    }

    private static ObjectNode update(long base, Map<String, Object> changes) {
        ObjectNode body = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("base_version", base)
                .put("at", "2020-10-14T09:35:00+08:00");
        body.set("changes", JSON.valueToTree(changes));
        return body;
    }

    private HttpResponse<String> post(ApiClient c, String household, JsonNode body) {
        return c.send("POST", "/api/field/households/" + household + "/updates", body.toString(),
                Map.of("X-CSRF-Token", c.csrf()));
    }

    private long version(String household) throws Exception {
        return json(cadre.get("/api/field/households/" + household)).get("version").asLong();
    }

    private Map<String, Object> village(List<String> fields) {
        return server.store.feature("villages", "village-" + VILLAGE, fields).orElseThrow().properties();
    }

    @Test
    void households_carry_their_version_beside_their_properties() throws Exception {
        JsonNode all = json(cadre.get("/api/field/households"));
        for (JsonNode f : all.get("features")) {
            assertThat(f.get("version").isIntegralNumber()).isTrue();
            assertThat(f.get("properties").has("version")).isFalse();
        }
        assertThat(json(cadre.get("/api/field/households/" + MINE)).get("version").isIntegralNumber()).isTrue();
    }

    @Test
    void an_update_applies_recounts_the_village_and_is_stored_once() throws Exception {
        long base = version(MINE);
        long size = json(cadre.get("/api/field/households/" + MINE)).get("properties").get("size").asLong();
        long people = ((Number) village(List.of("poor_people")).get("poor_people")).longValue();
        ObjectNode body = update(base, Map.of("size", size + 2, "income_wage_2020", 41000.5));
        HttpResponse<String> first = post(cadre, MINE, body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode a = json(first);
        assertThat(a.get("id").asText()).isEqualTo(body.get("id").asText());
        assertThat(a.get("version").asLong()).isEqualTo(base + 1);
        assertThat(a.get("applied")).extracting(JsonNode::asText).containsExactlyInAnyOrder("size", "income_wage_2020");
        assertThat(a.get("review")).isEmpty();
        assertThat(a.get("household").get("version").asLong()).isEqualTo(base + 1);
        assertThat(a.get("household").get("properties").get("size").asLong()).isEqualTo(size + 2);
        assertThat(((Number) village(List.of("poor_people")).get("poor_people")).longValue()).isEqualTo(people + 2);
        HttpResponse<String> again = post(cadre, MINE, body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("version")).isEqualTo(a.get("version"));
        assertThat(json(again).get("applied")).isEqualTo(a.get("applied"));
        assertThat(version(MINE)).isEqualTo(base + 1);
        assertThat(((Number) village(List.of("poor_people")).get("poor_people")).longValue()).isEqualTo(people + 2);
        assertThat(server.routes().work().audit().page("household-update", CADRE, 100, 0))
                .filteredOn(e -> e.target().equals(body.get("id").asText())).hasSize(1);
    }

    @Test
    void another_cadres_household_is_404_and_bad_input_names_the_field() throws Exception {
        HttpResponse<String> others = post(cadre, OTHERS, update(0, Map.of("size", 3)));
        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(others.body()).doesNotContain(OTHER_CADRE);
        long base = version(MINE);
        Map<String, ObjectNode> bad = new java.util.LinkedHashMap<>();
        bad.put("changes.size", update(base, Map.of("size", -1)));
        bad.put("changes.class", update(base, Map.of("class", "rich")));
        bad.put("changes.head_name", update(base, Map.of("head_name", "王五")));
        bad.put("changes.water_checked", update(base, Map.of("water_checked", "2020-13-01")));
        bad.put("changes.income_wage_2020", update(base, Map.of("income_wage_2020", "lots")));
        bad.put("base_version", update(base + 5, Map.of("size", 3)));
        bad.put("changes", update(base, Map.of()));
        bad.put("id", update(base, Map.of("size", 3)).put("id", "not-a-uuid"));
        bad.put("at", update(base, Map.of("size", 3)).put("at", "yesterday"));
        for (Map.Entry<String, ObjectNode> e : bad.entrySet()) {
            HttpResponse<String> r = post(cadre, MINE, e.getValue());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json(r).get("parameter").asText()).as(r.body()).isEqualTo(e.getKey());
        }
        assertThat(version(MINE)).isEqualTo(base);
        for (ApiClient c : List.of(leader, planner)) {
            assertThat(post(c, MINE, update(base, Map.of("size", 3))).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void a_field_changed_meanwhile_waits_for_a_leader_and_planners_see_only_counts() throws Exception {
        long base = version(SECOND);
        HttpResponse<String> first = post(cadre, SECOND, update(base, Map.of("housing", "at_risk")));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        HttpResponse<String> stale = post(cadre, SECOND, update(base, Map.of("housing", "not_ensured",
                "lifted_year", 2019)));
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(201);
        JsonNode s = json(stale);
        assertThat(s.get("applied")).extracting(JsonNode::asText).containsExactly("lifted_year");
        assertThat(s.get("review")).hasSize(1);
        String reviewId = s.get("review").get(0).get("id").asText();
        assertThat(s.get("household").get("properties").get("housing").asText()).isEqualTo("at_risk");

        HttpResponse<String> counts = planner.get("/api/reviews/by-village");
        assertThat(counts.statusCode()).isEqualTo(200);
        assertThat(counts.body()).contains(VILLAGE).doesNotContain(SECOND).doesNotContain(CADRE)
                .doesNotContain("not_ensured");
        for (String path : List.of("/api/reviews", "/api/reviews?status=open", "/api/reviews?status=resolved")) {
            HttpResponse<String> r = planner.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.body()).doesNotContain(SECOND).doesNotContain("not_ensured");
        }
        HttpResponse<String> plannerResolve = planner.send("POST", "/api/reviews/" + reviewId + "/resolve",
                "{\"choice\":\"proposed\"}", Map.of("X-CSRF-Token", planner.csrf()));
        assertThat(plannerResolve.statusCode()).isEqualTo(403);

        JsonNode open = json(leader.get("/api/reviews?status=open"));
        JsonNode review = null;
        for (JsonNode r : open.get("reviews")) {
            if (r.get("id").asText().equals(reviewId)) {
                review = r;
            }
        }
        assertThat(review).isNotNull();
        assertThat(review.get("household_code").asText()).isEqualTo(SECOND);
        assertThat(review.get("field_title").get("zh").asText()).isEqualTo("住房安全");
        assertThat(review.get("current_value").asText()).isEqualTo("at_risk");
        assertThat(review.get("proposed_value").asText()).isEqualTo("not_ensured");
        assertThat(leader.get("/api/reviews?status=closed").statusCode()).isEqualTo(400);

        HttpResponse<String> badChoice = leader.send("POST", "/api/reviews/" + reviewId + "/resolve",
                "{\"choice\":\"both\"}", Map.of("X-CSRF-Token", leader.csrf()));
        assertThat(json(badChoice).get("parameter").asText()).isEqualTo("choice");
        HttpResponse<String> done = leader.send("POST", "/api/reviews/" + reviewId + "/resolve",
                "{\"choice\":\"proposed\"}", Map.of("X-CSRF-Token", leader.csrf()));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(json(done).get("version").asLong()).isEqualTo(base + 3);
        assertThat(json(cadre.get("/api/field/households/" + SECOND)).get("properties").get("housing").asText())
                .isEqualTo("not_ensured");
        HttpResponse<String> twice = leader.send("POST", "/api/reviews/" + reviewId + "/resolve",
                "{\"choice\":\"current\"}", Map.of("X-CSRF-Token", leader.csrf()));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(leader.send("POST", "/api/reviews/no-such-review/resolve", "{\"choice\":\"current\"}",
                Map.of("X-CSRF-Token", leader.csrf())).statusCode()).isEqualTo(404);
        assertThat(json(leader.get("/api/reviews?status=resolved")).toString()).contains(reviewId);
    }

    @Test
    void a_cadre_reads_what_became_of_their_updates_and_reviews() throws Exception {
        JsonNode first = json(cadre.get("/api/field/updates"));
        String since = first.get("now").asText();
        long base = version(MINE);
        String was = json(cadre.get("/api/field/households/" + MINE)).get("properties").get("water").asText();
        String one = "at_risk".equals(was) ? "not_ensured" : "at_risk";
        String two = "ensured".equals(was) ? "not_ensured" : "ensured";
        assertThat(post(cadre, MINE, update(base, Map.of("water", one))).statusCode()).isEqualTo(201);
        ObjectNode stale = update(base, Map.of("water", two, "water_checked", "2020-10-02"));
        JsonNode answer = json(post(cadre, MINE, stale));
        String reviewId = answer.get("review").get(0).get("id").asText();

        JsonNode mine = json(cadre.get("/api/field/updates?since=" + since));
        JsonNode u = null;
        for (JsonNode x : mine.get("updates")) {
            if (x.get("id").asText().equals(stale.get("id").asText())) {
                u = x;
            }
        }
        assertThat(u).as(mine.toString()).isNotNull();
        assertThat(u.get("household_code").asText()).isEqualTo(MINE);
        assertThat(u.get("fields").toString()).contains("{\"field\":\"water_checked\",\"status\":\"applied\"}")
                .contains("\"field\":\"water\",\"status\":\"review\",\"review_id\":\"" + reviewId + "\"");
        String later = mine.get("now").asText();
        assertThat(json(cadre.get("/api/field/updates?since=" + later)).get("updates")).isEmpty();

        HttpResponse<String> done = leader.send("POST", "/api/reviews/" + reviewId + "/resolve",
                "{\"choice\":\"current\"}", Map.of("X-CSRF-Token", leader.csrf()));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        JsonNode after = json(cadre.get("/api/field/updates?since=" + later));
        assertThat(after.get("updates")).hasSize(1);
        JsonNode field = after.get("updates").get(0).get("fields").get(1);
        assertThat(field.get("field").asText()).isEqualTo("water");
        assertThat(field.get("status").asText()).isEqualTo("rejected");
        assertThat(field.get("resolved_at").isTextual()).isTrue();

        ApiClient other = signedIn(OTHER_CADRE);
        assertThat(other.get("/api/field/updates").body()).doesNotContain(stale.get("id").asText()).doesNotContain(MINE);
        HttpResponse<String> bad = cadre.get("/api/field/updates?since=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("parameter").asText()).isEqualTo("since");
        assertThat(cadre.get("/api/field/updates?until=2020-01-01T00:00:00Z").statusCode()).isEqualTo(400);
        for (ApiClient c : List.of(leader, planner, server.client())) {
            assertThat(c.get("/api/field/updates").statusCode()).isIn(401, 403);
        }
    }
}
