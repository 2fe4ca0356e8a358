package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * Onboarding a catalogue layer over HTTP, the same on both stores: a GeoJSON of three villages with Chinese
 * column names (村名, 村代码, 贫困户数, 镇街 with a town's name) is previewed, merged into {@code villages}, seen by
 * the OGC API and the dashboard, listed as a version and rolled back; bad input is a 400 naming the field,
 * a stale preview a 409. Subclasses give a fresh server set up with {@link #addUsers}.
 */
public abstract class OnboardingApiContract {
    static final String FILE = "onboarding_villages_cn.geojson";

    protected abstract TestServer server();

    static void addUsers(TestServer server) {
        server.addUser("admin", Role.ADMIN, "admin-password-1");
        server.addUser("guihua", Role.PLANNER, "planner-password-1");
    }

    static byte[] fixture() throws IOException {
        return Files.readAllBytes(Path.of("src/test/resources/uploads", FILE));
    }

    ApiClient admin() {
        ApiClient c = server().client();
        assertThat(c.signIn("admin", "admin-password-1").statusCode()).isEqualTo(200);
        return c;
    }

    static JsonNode village(ApiClient c, String id) {
        return ApiClient.json(c.get("/ogc/collections/villages/items/" + id)).get("properties");
    }

    @Test
    void a_file_with_chinese_columns_is_previewed_merged_seen_everywhere_and_rolled_back() throws IOException {
        ApiClient c = admin();
        String dashboardBefore = c.get("/api/dashboard").body();
        HttpResponse<String> r = c.upload("/api/onboarding/preview", FILE, fixture(), Map.of("target", "villages"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode p = ApiClient.json(r);
        assertThat(p.at("/mapping/fields/村名").asText()).isEqualTo("name");
        assertThat(p.at("/mapping/fields/村代码").asText()).isEqualTo("code");
        assertThat(p.at("/mapping/fields/贫困户数").asText()).isEqualTo("poor_households");
        assertThat(p.at("/mapping/fields/镇街").asText()).isEqualTo("town_code");
        assertThat(p.at("/mapping/mode").asText()).isEqualTo("merge");
        assertThat(p.at("/preview/rows").asInt()).isEqualTo(3);
        assertThat(p.at("/preview/diff/added").asInt()).isEqualTo(1);
        assertThat(p.at("/preview/diff/changed").asInt()).isEqualTo(2);
        assertThat(p.at("/preview/diff/removed").asInt()).isZero();
        assertThat(p.at("/preview/diff/addedIds/0").asText()).isEqualTo("village-500151003999");
        assertThat(p.at("/preview/repaired").asInt()).isEqualTo(1);
        assertThat(p.at("/preview/unmatchedCount").asInt()).isZero();
        assertThat(p.at("/preview/problemCount").asInt()).as(p.toString()).isZero();
        assertThat(p.at("/preview").has("features")).isFalse();
        assertThat(village(c, "village-500151003001").get("poor_households").asInt()).isEqualTo(2); // nothing written

        String mapping = p.get("mapping").toString();
        String base = p.at("/preview/base").asText();
        r = c.upload("/api/onboarding/apply", FILE, fixture(), Map.of("target", "villages", "mapping", mapping,
                "base", base));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ApiClient.json(r).get("version").asLong()).isEqualTo(1);
        JsonNode shangba = village(c, "village-500151003001");
        assertThat(shangba.get("poor_households").asInt()).isEqualTo(5);
        assertThat(shangba.get("households").asInt()).isEqualTo(2810); // not in the file: kept
        assertThat(shangba.get("town_code").asText()).isEqualTo("500151003000"); // 巴川街道 joined to its code
        assertThat(village(c, "village-500151003999").get("name").asText()).isEqualTo("新建村");
        assertThat(c.get("/api/dashboard").body()).isNotEqualTo(dashboardBefore); // the cache saw the change

        // the same preview again is stale now
        r = c.upload("/api/onboarding/apply", FILE, fixture(), Map.of("target", "villages", "mapping", mapping,
                "base", base));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(ApiClient.json(r).get("parameter").asText()).isEqualTo("base");

        JsonNode versions = ApiClient.json(c.get("/api/onboarding/villages/versions")).get("versions");
        assertThat(versions.size()).isEqualTo(1);
        assertThat(versions.at("/0/action").asText()).isEqualTo("merge");
        assertThat(versions.at("/0/actor").asText()).isEqualTo("admin");
        r = c.send("POST", "/api/onboarding/villages/rollback", "{\"version\": 1}", Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ApiClient.json(r).get("version").asLong()).isEqualTo(2);
        assertThat(village(c, "village-500151003001").get("poor_households").asInt()).isEqualTo(2);
        assertThat(c.get("/ogc/collections/villages/items/village-500151003999").statusCode()).isEqualTo(404);
        assertThat(c.get("/api/dashboard").body()).isEqualTo(dashboardBefore);
        JsonNode audit = ApiClient.json(c.get("/api/audit?action=layer.onboard"));
        assertThat(audit.toString()).contains("villages");
    }

    @Test
    void a_planner_layer_is_a_source_too() throws IOException {
        ApiClient c = admin();
        HttpResponse<String> r = c.upload("/api/uploads", FILE, fixture(), Map.of("title", "村界"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = ApiClient.json(r).get("id").asText();
        r = c.upload("/api/onboarding/preview", "", new byte[0], Map.of("target", "villages", "source", id));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode p = ApiClient.json(r);
        assertThat(p.at("/mapping/fields/贫困户数").asText()).isEqualTo("poor_households");
        assertThat(p.at("/preview/diff/added").asInt()).isEqualTo(1);
        assertThat(p.at("/preview/diff/changed").asInt()).isEqualTo(2);
        r = c.upload("/api/onboarding/apply", "", new byte[0], Map.of("target", "villages", "source", id,
                "mapping", p.get("mapping").toString()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(village(c, "village-500151003002").get("poor_households").asInt()).isEqualTo(7);
        assertProblem(c.upload("/api/onboarding/preview", "", new byte[0], Map.of("target", "villages",
                "source", "pl-nothing")), 404, "source");
    }

    @Test
    void bad_input_is_a_problem_naming_the_field() throws IOException {
        ApiClient c = admin();
        assertProblem(c.upload("/api/onboarding/preview", FILE, fixture(), Map.of()), 400, "target");
        assertProblem(c.upload("/api/onboarding/preview", FILE, fixture(), Map.of("target", "nowhere")), 404, "target");
        assertProblem(c.upload("/api/onboarding/preview", FILE, fixture(), Map.of("target", "visits")), 400, "target");
        assertProblem(c.upload("/api/onboarding/preview", FILE, fixture(), Map.of("target", "villages",
                "mapping", "{not json")), 400, "mapping");
        assertProblem(c.upload("/api/onboarding/preview", FILE, fixture(), Map.of("target", "villages",
                "mapping", "{\"target\":\"villages\",\"fields\":{\"村名\":\"nom\"}}")), 400, "mapping");
        assertProblem(c.upload("/api/onboarding/preview", FILE, fixture(), Map.of("target", "villages",
                "mapping", "{\"target\":\"villages\",\"mode\":\"sideways\"}")), 400, "mapping");
        assertProblem(c.upload("/api/onboarding/apply", FILE, fixture(), Map.of("target", "villages")), 400, "mapping");
        assertProblem(c.upload("/api/onboarding/preview", "x.geojson", "{}".getBytes(), Map.of("target", "villages")),
                400, "file");
        assertProblem(c.send("POST", "/api/onboarding/villages/rollback", "{\"version\": \"one\"}", Map.of()), 400,
                "version");
        assertProblem(c.send("POST", "/api/onboarding/villages/rollback", "{\"version\": 99}", Map.of()), 404,
                "version");
        ApiClient planner = server().client();
        planner.signIn("guihua", "planner-password-1");
        assertThat(planner.upload("/api/onboarding/preview", FILE, fixture(), Map.of("target", "villages"))
                .statusCode()).isEqualTo(403);
    }

    static void assertProblem(HttpResponse<String> r, int status, String parameter) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(ApiClient.json(r).get("parameter").asText()).as(r.body()).isEqualTo(parameter);
    }
}
