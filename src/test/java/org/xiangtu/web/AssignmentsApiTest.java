package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.ApiServerTest;

/**
 * The administrators' assignment of households to cadres ({@code /api/admin/assignments}) on the demo
 * county: an assignment moves every listed household to the cadre at once (their field app shows it at
 * the next request) with one audit entry naming the previous cadres; a cadre that is not a cadre user,
 * an unknown code or too many codes is refused naming the field, writing nothing; {@code cadre: null}
 * unassigns; only administrators reach it.
 */
class AssignmentsApiTest extends ApiServerTest {
    /** A demo cadre's two households (village 500151003002). */
    private static final String OLD_CADRE = "gb50015100300201";
    private static final List<String> HOUSEHOLDS = List.of("5001510030020001", "5001510030020002");
    private static final String NEW_CADRE = "assign-cadre";
    private ApiClient admin;

    AssignmentsApiTest() {
        super("assign-password-1");
    }

    @BeforeAll
    void start() {
        addUser("assign-admin", Role.ADMIN);
        addUser("assign-planner", Role.PLANNER);
        addUser("assign-leader", Role.LEADER);
        addUser(NEW_CADRE, Role.CADRE);
        addUser("assign-cadre-2", Role.CADRE);
        admin = signedIn("assign-admin");
    }

    private static ObjectNode body(String cadre, List<String> codes) {
        ObjectNode b = JSON.createObjectNode().put("cadre", cadre);
        ArrayNode list = b.putArray("households");
        codes.forEach(list::add);
        return b;
    }

    private HttpResponse<String> put(ApiClient c, JsonNode body) {
        return c.send("PUT", "/api/admin/assignments", body.toString(), Map.of());
    }

    private List<String> fieldHouseholds(ApiClient cadre) throws Exception {
        List<String> codes = new ArrayList<>();
        json(cadre.get("/api/field/households")).get("features")
                .forEach(f -> codes.add(f.get("properties").get("code").asText()));
        return codes;
    }

    private String cadreOf(String code) {
        return server.routes().work().field().household(code).orElseThrow().cadre();
    }

    @Test
    void an_assignment_moves_the_households_at_once_and_is_audited_with_the_previous_cadres() throws Exception {
        ApiClient cadre = signedIn(NEW_CADRE);
        assertThat(fieldHouseholds(cadre)).isEmpty();
        HttpResponse<String> r = put(admin, body(NEW_CADRE, HOUSEHOLDS));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("households").asInt()).isEqualTo(2);
        assertThat(json(r).get("previous").get(OLD_CADRE).asInt()).isEqualTo(2);
        assertThat(fieldHouseholds(cadre)).containsExactlyElementsOf(HOUSEHOLDS);
        HttpResponse<String> listed = admin.get("/api/admin/assignments?cadre=" + NEW_CADRE);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.headers().firstValue("Cache-Control").orElse("")).isEqualTo("no-store");
        assertThat(json(listed).get("households")).extracting(JsonNode::asText).containsExactlyElementsOf(HOUSEHOLDS);
        assertThat(json(admin.get("/api/admin/assignments?cadre=" + OLD_CADRE)).get("count").asInt()).isZero();
        AuditEntry e = server.routes().work().audit().page("assign", "assign-admin", 10, 0).get(0);
        assertThat(e.target()).isEqualTo(NEW_CADRE);
        assertThat(JSON.readTree(e.detail()).get("households").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(e.detail()).get("previous").get(OLD_CADRE).asInt()).isEqualTo(2);

        HttpResponse<String> none = put(admin, body(null, HOUSEHOLDS.subList(1, 2)));
        assertThat(none.statusCode()).as(none.body()).isEqualTo(200);
        assertThat(cadreOf(HOUSEHOLDS.get(1))).isNull();
        assertThat(fieldHouseholds(cadre)).containsExactly(HOUSEHOLDS.get(0));
        assertThat(put(admin, body(OLD_CADRE.replace("gb", "xx"), HOUSEHOLDS)).statusCode()).isEqualTo(400);
    }

    @Test
    void bad_assignments_are_refused_naming_the_field_and_write_nothing() throws Exception {
        String code = "5001510012010001";
        String before = cadreOf(code);
        int entries = server.routes().work().audit().page("assign", null, 1000, 0).size();
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 5_001; i++) {
            tooMany.add(code);
        }
        Map<String, JsonNode> bad = new java.util.LinkedHashMap<>();
        bad.put("cadre", body("nobody-at-all", List.of(code)));
        bad.put("cadre ", body("assign-planner", List.of(code))); // a user, but not a cadre
        bad.put("cadre  ", JSON.createObjectNode().set("households", JSON.createArrayNode().add(code)));
        bad.put("households", body(NEW_CADRE, List.of(code, "no-such-code-1", "no-such-code-2")));
        bad.put("households ", body(NEW_CADRE, List.of()));
        bad.put("households  ", body(NEW_CADRE, tooMany));
        bad.put("households   ", JSON.createObjectNode().put("cadre", NEW_CADRE).put("households", code));
        bad.put("owner", body(NEW_CADRE, List.of(code)).put("owner", "x"));
        for (var e : bad.entrySet()) {
            HttpResponse<String> r = put(admin, e.getValue());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json(r).get("parameter").asText()).as(r.body()).isEqualTo(e.getKey().trim());
        }
        HttpResponse<String> unknown = put(admin, bad.get("households"));
        assertThat(json(unknown).get("detail").asText()).contains("no-such-code-1", "no-such-code-2")
                .doesNotContain(code);
        assertThat(cadreOf(code)).isEqualTo(before);
        assertThat(server.routes().work().audit().page("assign", null, 1000, 0)).hasSize(entries);
        assertThat(json(admin.get("/api/admin/assignments")).get("parameter").asText()).isEqualTo("cadre");
    }

    @Test
    void only_administrators_reach_the_assignments() {
        String body = body("assign-cadre-2", List.of("5001510012010002")).toString();
        ApiClient anyone = server.client();
        assertThat(anyone.get("/api/admin/assignments?cadre=" + NEW_CADRE).statusCode()).isEqualTo(401);
        assertThat(anyone.send("PUT", "/api/admin/assignments", body, Map.of()).statusCode()).isEqualTo(401);
        for (String name : List.of("assign-planner", "assign-leader", NEW_CADRE)) {
            ApiClient c = signedIn(name);
            assertThat(c.get("/api/admin/assignments?cadre=" + NEW_CADRE).statusCode()).as(name).isEqualTo(403);
            assertThat(c.send("PUT", "/api/admin/assignments", body, Map.of()).statusCode()).as(name).isEqualTo(403);
        }
        assertThat(cadreOf("5001510012010002")).isNotEqualTo("assign-cadre-2");
    }
}
