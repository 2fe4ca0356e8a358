package org.xiangtu.briefing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xiangtu.testing.TestServer;

/** {@code /api/briefing} over HTTP: a PDF for good requests, a problem naming the parameter for bad ones, 429 when busy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BriefingApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("briefing.atOnce", "1"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url(path))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void a_town_pack_is_a_pdf_to_download_named_after_its_scope_and_date() throws Exception {
        String town = firstTown();
        HttpResponse<byte[]> r = get("/api/briefing?scope=town:" + town + "&asOf=2020-06-30&year=2019");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
                .isEqualTo("attachment; filename=\"briefing-" + town + "-2020-06-30.pdf\"");
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(new String(r.body(), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
    }

    private String firstTown() throws Exception {
        HttpResponse<String> r = server.get("/api/dashboard");
        return JSON.readTree(r.body()).get("children").get(0).get("code").asText();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "scope=county|scope",
        "scope=town:999999999999|scope",
        "scope=town:|scope",
        "asOf=2020-13-01|asOf",
        "asOf=yesterday|asOf",
        "year=1999|year",
        "year=twenty|year",
        "theme=rainbow|theme",
        "pages=households|pages",
        "pages=villages|pages",
        "lang=fr|lang",
        "colour=red|colour"})
    void bad_input_is_a_problem_naming_the_parameter(String query, String parameter) throws Exception {
        HttpResponse<String> r = server.get("/api/briefing?" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.get("parameter").asText()).isEqualTo(parameter);
        assertThat(r.body()).doesNotContain("Exception", "at org.");
    }

    @Test
    void beyond_the_configured_number_at_once_a_request_is_told_when_to_come_back() throws Exception {
        int callers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return get("/api/briefing");
                }));
            }
            go.countDown();
            int ok = 0;
            int busy = 0;
            for (Future<HttpResponse<byte[]>> f : answers) {
                HttpResponse<byte[]> r = f.get();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertThat(r.statusCode()).isEqualTo(429);
                    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                    assertThat(Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow())).isPositive();
                    busy++;
                }
            }
            assertThat(ok).as("one pack at a time is made").isGreaterThanOrEqualTo(1);
            assertThat(busy).as("the others are refused at once, not queued").isGreaterThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(get("/api/briefing?scope=town:" + firstTown() + "&pages=towns").statusCode())
                .as("a turn is free again").isEqualTo(200);
    }
}
