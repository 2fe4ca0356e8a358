package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * The bounds on drawn geometries and the time budget, on every route that takes a drawing
 * ({@code /api/export}, {@code /api/analysis/within}, {@code /api/analysis/whatif}): the zig-zag
 * drawings that once cost minutes of CPU are refused at once or answered within the budget, and a
 * request past its budget answers 503 and stops working (GeoPackage store; {@link AnalysisLimitsPostgisIT}
 * runs the same on PostGIS). The bounds asserted on time are generous: they catch minutes, not seconds
 * (speed is measured in {@code bench/}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalysisLimitsTest {
    /** The budget of the normal server here: generous, so a slow shared machine does not make it flaky. */
    static final long BUDGET_MS = 30_000;
    /** Time an answer may take beyond its budget (reading the store, writing the answer, a busy machine). */
    static final long MARGIN_MS = 20_000;

    private TestServer server;
    private TestServer tiny;
    private ApiClient leader;
    private ApiClient planner;
    private ApiClient tinyPlanner;
    private ApiClient tinyLeader;

    /** The server under test with these configuration overrides; subclasses choose the store. */
    protected TestServer startServer(Map<String, String> overrides) {
        return TestServer.start(overrides);
    }

    @BeforeAll
    void start() {
        server = startServer(Map.of("analysis.timeBudgetMs", String.valueOf(BUDGET_MS), "analysis.maxDistanceM",
                "20000"));
        tiny = startServer(Map.of("analysis.timeBudgetMs", "1", "analysis.maxDistanceM", "5000"));
        for (TestServer s : new TestServer[] {server, tiny}) {
            s.addUser("lingdao", Role.LEADER, "leader-password-1");
            s.addUser("guihua", Role.PLANNER, "planner-password-1");
        }
        leader = signIn(server, "lingdao", "leader-password-1");
        planner = signIn(server, "guihua", "planner-password-1");
        tinyLeader = signIn(tiny, "lingdao", "leader-password-1");
        tinyPlanner = signIn(tiny, "guihua", "planner-password-1");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (tiny != null) {
            tiny.close();
        }
    }

    private static ApiClient signIn(TestServer s, String name, String password) {
        ApiClient c = s.client();
        assertThat(c.signIn(name, password).statusCode()).isEqualTo(200);
        return c;
    }

    /**
     * A polygon across the county whose top edge zig-zags {@code vertices − 2} times between two
     * latitudes 5.5 km apart (teeth a few metres wide): the shape that made JTS's buffer run for minutes.
     */
    static String zigzag(int vertices) {
        StringBuilder b = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        int top = vertices - 3;
        for (int i = 0; i < top; i++) {
            b.append('[').append(105.85 + 0.3 * i / (top - 1)).append(',').append(i % 2 == 0 ? 29.9 : 29.95)
                    .append("],");
        }
        return b.append("[106.15,29.7],[105.85,29.7],[105.85,29.9]]]}").toString();
    }

    private static JsonNode problem(HttpResponse<String> r, int status, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .isEqualToIgnoringCase("application/problem+json; charset=utf-8");
        JsonNode p = ApiClient.json(r);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(p.get("parameter").asText()).isEqualTo(field);
        }
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("org.xiangtu");
        return p;
    }

    private static HttpResponse<String> post(ApiClient c, String path, String body) {
        return c.send("POST", path, body, Map.of());
    }

    private static String export(String geometry, int distance) {
        return "{\"layer\":\"villages\",\"format\":\"geojson\",\"distance\":" + distance + ",\"geometry\":" + geometry
                + "}";
    }

    @Test
    void a_zigzag_of_5000_vertices_grown_by_20_km_is_refused_at_once_on_every_route() {
        String zigzag = zigzag(5_000);
        long start = System.nanoTime();
        problem(post(leader, "/api/export", export(zigzag, 20_000)), 413, "geometry");
        problem(post(planner, "/api/analysis/within", "{\"distance\":20000,\"geometry\":" + zigzag + "}"), 413,
                "geometry");
        JsonNode p = problem(post(planner, "/api/analysis/within", "{\"geometry\":" + zigzag + "}"), 413, "geometry");
        assertThat(p.get("detail").asText()).contains("2000").contains("analysis.maxVertices");
        String line = zigzag.replace("\"Polygon\"", "\"LineString\"").replace("[[[", "[[").replace("]]]", "]]");
        problem(post(planner, "/api/analysis/whatif", "{\"kind\":\"greenway\",\"geometry\":" + line + "}"), 413,
                "geometry");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(MARGIN_MS);
    }

    @Test
    void a_zigzag_of_2000_vertices_grown_by_20_km_is_answered_within_the_budget() {
        String zigzag = zigzag(2_000);
        long start = System.nanoTime();
        HttpResponse<String> r = post(planner, "/api/analysis/within", "{\"distance\":20000,\"geometry\":" + zigzag
                + "}");
        long withinMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(withinMs).isLessThan(BUDGET_MS + MARGIN_MS);
        JsonNode a = ApiClient.json(r);
        // the zone is 20 km around a 30 km × 25 km drawing: most of the county; its tolerance is stated
        assertThat(a.at("/zone/tolerance_m").asDouble()).isPositive().isLessThanOrEqualTo(20_000 * 0.02);
        assertThat(a.at("/villages/count").asInt()).isPositive();

        start = System.nanoTime();
        HttpResponse<String> e = post(leader, "/api/export", export(zigzag, 20_000));
        long exportMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.statusCode()).as(e.body()).isEqualTo(200);
        assertThat(exportMs).isLessThan(BUDGET_MS + MARGIN_MS);
        assertThat(ApiClient.json(e).get("features").size()).isEqualTo(a.at("/villages/count").asInt());
    }

    @Test
    void a_drawing_wider_than_the_extent_limit_is_413_and_a_distance_past_the_limit_400() {
        String wide = "{\"type\":\"LineString\",\"coordinates\":[[103.6,29.8],[106.4,29.8]]}";
        JsonNode p = problem(post(planner, "/api/analysis/within", "{\"geometry\":" + wide + "}"), 413, "geometry");
        assertThat(p.get("detail").asText()).contains("analysis.maxExtentKm");
        problem(post(leader, "/api/export", export(wide, 0)), 413, "geometry");
        problem(post(planner, "/api/analysis/whatif", "{\"kind\":\"greenway\",\"geometry\":" + wide + "}"), 413,
                "geometry");
        // the distance limit is configurable: 5 km on the other server
        String point = "{\"type\":\"Point\",\"coordinates\":[106,29.8]}";
        p = problem(post(tinyPlanner, "/api/analysis/within", "{\"distance\":5001,\"geometry\":" + point + "}"), 400,
                "distance");
        assertThat(p.get("detail").asText()).contains("5000").contains("analysis.maxDistanceM");
        problem(post(tinyLeader, "/api/export", export(point, 5001)), 400, "distance");
        problem(post(tinyPlanner, "/api/analysis/whatif", "{\"kind\":\"water_works\",\"reach\":5001,\"geometry\":"
                + point + "}"), 400, "reach");
        problem(post(leader, "/api/export", export(point, 20_001)), 400, "distance");
    }

    @Test
    void past_its_time_budget_a_request_answers_503_naming_the_budget_and_stops_working() throws Exception {
        String zigzag = zigzag(2_000);
        String point = "{\"type\":\"Point\",\"coordinates\":[106,29.8]}";
        for (HttpResponse<String> r : new HttpResponse[] {
            post(tinyPlanner, "/api/analysis/within", "{\"distance\":5000,\"geometry\":" + zigzag + "}"),
            post(tinyPlanner, "/api/analysis/whatif", "{\"kind\":\"water_works\",\"geometry\":" + point + "}"),
            post(tinyLeader, "/api/export", export(zigzag, 5_000)),
            tinyLeader.get("/api/export?layer=villages&format=gpkg")}) {
            JsonNode p = problem(r, 503, null);
            assertThat(p.get("detail").asText()).contains("analysis.timeBudgetMs").contains("1 ms");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
        }
        // nothing keeps computing once the answer is out: the server's threads use almost no CPU now
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = cpuNanos(threads);
        Thread.sleep(1_000);
        assertThat((cpuNanos(threads) - before) / 1_000_000).as("ms of CPU in the second after the answers")
                .isLessThan(500);
    }

    /** CPU time of every live thread of this JVM (server and test share it). */
    private static long cpuNanos(ThreadMXBean threads) {
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            sum += Math.max(t, 0);
        }
        return sum;
    }
}
