package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.RawHttp;
import org.xiangtu.testing.TestServer;

/**
 * Every bad request gets a problem+json answer naming what is wrong, never a stack trace (on the
 * GeoPackage store; {@link ErrorsApiPostgisIT} runs the same tests on PostGIS).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestServer server;

    /** The server under test; subclasses choose the store. */
    protected TestServer startServer() {
        return TestServer.start();
    }

    @BeforeAll
    void start() {
        server = startServer();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode problem(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .isEqualToIgnoringCase("application/problem+json; charset=utf-8");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("org.xiangtu");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.has("type")).isTrue();
        assertThat(p.has("title")).isTrue();
        assertThat(p.get("detail").asText()).isNotBlank();
        return p;
    }

    @ParameterizedTest(name = "{0} → 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "bbox=106,29.8,106.1|bbox",
        "bbox=106,29.8,106.1,abc|bbox",
        "bbox=106.1,29.8,106,29.9|bbox",
        "bbox=106,29.9,106.1,29.8|bbox",
        "bbox=-200,29.8,106.1,29.9|bbox",
        "bbox=106,-95,106.1,29.9|bbox",
        "limit=0|limit",
        "limit=-5|limit",
        "limit=ten|limit",
        "offset=-1|offset",
        "offset=x|offset",
        "datetime=soon|datetime",
        "colour=red|colour",
        "households=many|households",
        "kind=city|kind",
        "limit=1&limit=2|limit",
        "f=xml|f"})
    void bad_items_parameters_are_400_naming_the_parameter(String query, String parameter) throws Exception {
        JsonNode p = problem(server.get("/ogc/collections/villages/items?" + query), 400);
        assertThat(p.get("parameter").asText()).isEqualTo(parameter);
        assertThat(p.get("detail").asText()).contains(parameter);
    }

    @Test
    void unknown_parameters_on_other_resources_are_400() throws Exception {
        assertThat(problem(server.get("/ogc/collections?bbox=1,2,3,4"), 400).get("parameter").asText()).isEqualTo("bbox");
        assertThat(problem(server.get("/ogc/collections/villages/items/x?limit=1"), 400).get("parameter").asText())
                .isEqualTo("limit");
    }

    @Test
    void unknown_collection_and_feature_are_404_naming_them() throws Exception {
        assertThat(problem(server.get("/ogc/collections/cities"), 404).get("detail").asText()).contains("cities");
        assertThat(problem(server.get("/ogc/collections/cities/items"), 404).get("parameter").asText())
                .isEqualTo("collectionId");
        assertThat(problem(server.get("/ogc/collections/villages/items/nope"), 404).get("parameter").asText())
                .isEqualTo("featureId");
        problem(server.get("/no/such/page"), 404);
    }

    @Test
    void wrong_method_is_405_with_allow() throws Exception {
        HttpResponse<String> r = server.send("POST", "/ogc/collections/villages/items");
        problem(r, 405);
        assertThat(r.headers().firstValue("Allow")).contains("GET");
        problem(server.send("DELETE", "/ogc/collections"), 405);
        problem(server.send("PUT", "/health"), 405);
    }

    /** What Jetty refuses before any route runs is problem+json too, never its own HTML or an empty body. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "bad UTF-8 in the path|400|GET /ogc/collections/%C3%28 HTTP/1.1",
        "NUL in the path|400|GET /ogc/collections/a%00b HTTP/1.1",
        "dot-dot segment (not resolved: nothing there)|404|GET /ogc/../health HTTP/1.1",
        "encoded dot-dot (not resolved: nothing there)|404|GET /ogc/%2e%2e/health HTTP/1.1",
        "HTTP/3.0 request line|505|GET /health HTTP/3.0",
        "request line that is not HTTP|400|HELLO",
        "URI over the limit|414|LONG_URI",
        "headers over the limit|431|LONG_HEADER"})
    void container_errors_are_problem_json(String what, int status, String line) throws Exception {
        String request;
        if (line.equals("LONG_URI")) {
            request = "GET /ogc/collections?x=" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        } else if (line.equals("LONG_HEADER")) {
            request = "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000) + "\r\n\r\n";
        } else {
            request = line + "\r\nHost: x\r\nConnection: close\r\n\r\n";
        }
        RawHttp.Answer a = RawHttp.send(server.app.port(), request);
        assertThat(a.status()).as(what + ": " + a.body()).isEqualTo(status);
        assertThat(a.header("Content-Type")).as(what).isEqualToIgnoringCase("application/problem+json; charset=utf-8");
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("<html").doesNotContain("jetty")
                .doesNotContain("org.");
        JsonNode p = JSON.readTree(a.body());
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        // Jetty's stand-in URI for a request it could not read is not the request's
        assertThat(p.path("instance").asText()).as(what).isNotEqualTo("/badMessage");
    }

    @Test
    void a_body_over_the_limit_is_413_whether_its_length_is_announced_or_chunked() throws Exception {
        byte[] big = ("{\"name\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer announced = RawHttp.send(server.app.port(), "POST /api/session HTTP/1.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + big.length, big);
        assertThat(announced.status()).as(announced.body()).isEqualTo(413);
        assertThat(announced.header("Content-Type")).startsWith("application/problem+json");
        java.io.ByteArrayOutputStream chunked = new java.io.ByteArrayOutputStream();
        for (int at = 0; at < big.length; at += 65_536) {
            int n = Math.min(65_536, big.length - at);
            chunked.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(big, at, n);
            chunked.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Answer streamed = RawHttp.send(server.app.port(), "POST /api/session HTTP/1.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked", chunked.toByteArray());
        assertThat(streamed.status()).as(streamed.body()).isEqualTo(413);
        assertThat(streamed.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void a_json_body_under_its_2_mib_limit_is_read_even_past_javalins_default_of_a_million_bytes() {
        byte[] body = ("{\"name\": \"" + "x".repeat(1_500_000) + "\", \"password\": \"p\"}")
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer a = RawHttp.send(server.app.port(), "POST /api/session HTTP/1.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length, body);
        assertThat(a.status()).as(a.body()).isBetween(400, 401); // the name is refused, not the body's size
        assertThat(a.body()).doesNotContain("larger than");
    }

    @Test
    void head_sends_no_body() {
        RawHttp.Answer a = RawHttp.send(server.app.port(),
                "HEAD /ogc/collections HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEmpty();
        RawHttp.Answer missing = RawHttp.send(server.app.port(),
                "HEAD /ogc/collections/cities HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEmpty();
    }

    @Test
    void library_internals_stay_out_of_400_details() throws Exception {
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        ApiClient c = server.client();
        HttpResponse<String> r = c.send("POST", "/api/session", deep, java.util.Map.of());
        JsonNode p = problem(r, 400);
        assertThat(p.get("detail").asText()).doesNotContain("StreamReadConstraints").doesNotContain("getMax")
                .doesNotContain("jackson").doesNotContain("SQLITE").doesNotContain("line: ");
    }

    @Test
    void a_nul_character_in_a_query_parameter_is_400_naming_it_on_every_store() throws Exception {
        assertThat(problem(server.get("/ogc/collections/villages/items?name=a%00b"), 400).get("parameter").asText())
                .isEqualTo("name");
        assertThat(problem(server.get("/ogc/collections/villages/items?a%00b=1"), 400).get("parameter").asText())
                .isEqualTo("a\\u0000b");
        assertThat(problem(server.get("/api/dashboard?year=20%0020"), 400).get("parameter").asText())
                .isEqualTo("year");
        server.addUser("shenji", Role.ADMIN, "admin-password-1");
        ApiClient admin = server.client();
        assertThat(admin.signIn("shenji", "admin-password-1").statusCode()).isEqualTo(200);
        for (String q : List.of("actor=a%00b", "action=sign%00in")) {
            assertThat(problem(admin.get("/api/audit?" + q), 400).get("parameter").asText()).isEqualTo(q.split("=")[0]);
        }
    }

    @Test
    void an_empty_parameter_name_is_ignored() throws Exception {
        HttpResponse<String> r = server.get("/ogc/collections/villages/items?limit=1&");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("numberReturned").asInt()).isEqualTo(1);
        assertThat(server.get("/ogc/collections?&").statusCode()).isEqualTo(200);
    }

    @Test
    void a_nul_or_control_character_in_a_sign_in_name_is_400_naming_it() throws Exception {
        for (String name : List.of("a\u0000b", "a\u001bb", "a\u0085b")) {
            HttpResponse<String> r = server.client().send("POST", "/api/session", JSON.createObjectNode()
                    .put("name", name).put("password", "some-password-1").toString(), Map.of());
            assertThat(problem(r, 400).get("parameter").asText()).isEqualTo("name");
        }
        HttpResponse<String> r = server.client().send("POST", "/api/session",
                "{\"name\": \"x\", \"password\": \"p\", \"extra\": [\"ok\", {\"de\\u0000ep\": 1}]}", Map.of());
        assertThat(problem(r, 400).get("parameter").asText()).isEqualTo("extra[1].de\\u0000ep");
    }

    /**
     * A member given twice, or a second value after the object, is read differently by different parsers
     * (first wins, last wins, refused): a proxy or log that checks one reading must not let the other
     * through. Both are 400, and nothing changes.
     */
    @Test
    void a_json_body_with_a_member_given_twice_or_trailing_content_is_400() throws Exception {
        server.addUser("chongfu", Role.PLANNER, "planner-password-1");
        ApiClient planner = server.client();
        assertThat(planner.signIn("chongfu", "planner-password-1").statusCode()).isEqualTo(200);
        HttpResponse<String> before = planner.get("/api/projects/project-004");
        String etag = before.headers().firstValue("ETag").orElseThrow();
        for (String body : List.of("{\"note\": \"a\", \"note\": \"b\"}",
                "{\"note\": \"a\"} {\"note\": \"b\"}", "{\"note\": \"a\"} x")) {
            HttpResponse<String> r = planner.send("PATCH", "/api/projects/project-004", body, Map.of("If-Match", etag));
            assertThat(problem(r, 400).get("parameter").asText()).as(body).isEqualTo("body");
        }
        assertThat(planner.get("/api/projects/project-004").headers().firstValue("ETag")).hasValue(etag);
        HttpResponse<String> signIn = server.client().send("POST", "/api/session",
                "{\"name\": \"chongfu\", \"password\": \"wrong\", \"password\": \"planner-password-1\"}", Map.of());
        problem(signIn, 400);
    }

    @Test
    void a_nul_or_control_character_in_a_progress_note_is_400_but_lines_and_tabs_are_kept() throws Exception {
        server.addUser("bianji", Role.PLANNER, "planner-password-1");
        ApiClient planner = server.client();
        assertThat(planner.signIn("bianji", "planner-password-1").statusCode()).isEqualTo(200);
        String etag = planner.get("/api/projects/project-003").headers().firstValue("ETag").orElseThrow();
        for (String note : List.of("a\u0000b", "a\u0007b", "a\u009bb")) {
            HttpResponse<String> r = planner.send("PATCH", "/api/projects/project-003",
                    JSON.createObjectNode().put("note", note).toString(), Map.of("If-Match", etag));
            assertThat(problem(r, 400).get("parameter").asText()).isEqualTo("note");
        }
        HttpResponse<String> ok = planner.send("PATCH", "/api/projects/project-003",
                JSON.createObjectNode().put("note", "第一行\n\t第二行").toString(), Map.of("If-Match", etag));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void a_bad_chunked_body_is_400() throws Exception {
        for (String body : List.of("zz\r\n{}\r\n0\r\n\r\n", "5\r\n{\"a\":1}\r\n0\r\n\r\n", "ffffffffffffffffff\r\nx")) {
            RawHttp.Answer a = RawHttp.send(server.app.port(), "POST /api/session HTTP/1.1\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked",
                    body.getBytes(StandardCharsets.UTF_8));
            assertThat(a.status()).as(body + " → " + a.head() + "\n" + a.body()).isEqualTo(400);
            assertThat(a.header("Content-Type")).as(a.body()).startsWith("application/problem+json");
            assertThat(a.body()).doesNotContain("Exception").doesNotContain("org.");
        }
    }
}
