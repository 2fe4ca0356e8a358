package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
}
