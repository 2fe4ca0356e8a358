package org.xiangtu.web;

import org.xiangtu.io.LayerFiles;
import org.xiangtu.testing.RequiresPostgis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.postgis.PostgisImporter;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TcpProxy;
import org.xiangtu.testing.TestDatabase;
import org.xiangtu.testing.TestServer;

/**
 * The server on PostGIS when the database goes away and comes back, through a proxy the test can
 * cut (database down) or stall (packets dropped): requests answer 503 problem+json within the
 * configured timeouts — no thread hangs —, {@code /health} says unavailable, and service resumes by
 * itself once the database is back.
 */
@RequiresPostgis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgisOutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** statementTimeoutMs + connectTimeoutMs, plus slack for a loaded CI machine. */
    private static final long BOUND_MS = 1_000 + 1_000 + 2_500;
    private static final String ITEMS = "/ogc/collections/villages/items?limit=5";

    private TestDatabase db;
    private TcpProxy proxy;
    private TestServer server;
    private long villages;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.create();
        DataSource data = DataSource.folder(Path.of("data"));
        Catalog catalog = CatalogLoader.read(data);
        var layers = LayerFiles.readAll(catalog, data);
        villages = layers.get("villages").size();
        PostgisImporter.importAll(db.url, catalog, layers, Map.of(), 5_000);
        proxy = new TcpProxy(db.url.host(), db.url.port());
        server = TestServer.startPostgis(db, TestDatabase.withCredentials(db.via("127.0.0.1", proxy.port())),
                Map.of("store.statementTimeoutMs", "1000", "store.connectTimeoutMs", "1000"), false);
    }

    @AfterEach
    void mend() {
        proxy.restore();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private HttpResponse<String> timed(String path, List<Long> times) {
        long start = System.nanoTime();
        HttpResponse<String> r = server.get(path);
        times.add((System.nanoTime() - start) / 1_000_000);
        return r;
    }

    private void assertUnavailable(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("password");
        assertThat(JSON.readTree(r.body()).get("status").asInt()).isEqualTo(503);
    }

    private void assertServesAgainWithin(long ms) throws Exception {
        long deadline = System.currentTimeMillis() + ms;
        int status = 0;
        while (System.currentTimeMillis() < deadline) {
            status = server.get("/health").statusCode();
            if (status == 200) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(status).as("/health after the database came back").isEqualTo(200);
        HttpResponse<String> r = server.get(ITEMS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("numberMatched").asLong()).isEqualTo(villages);
    }

    @Test
    void while_the_database_is_down_requests_get_503_quickly_and_service_resumes_by_itself() throws Exception {
        assertThat(server.get(ITEMS).statusCode()).isEqualTo(200);
        proxy.cut();
        List<Long> times = new ArrayList<>();
        for (String path : List.of(ITEMS, "/ogc/collections/villages", "/ogc/collections/villages/items/x", ITEMS)) {
            assertUnavailable(timed(path, times));
        }
        HttpResponse<String> health = timed("/health", times);
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode h = JSON.readTree(health.body());
        assertThat(h.get("status").asText()).isEqualTo("unavailable");
        assertThat(h.at("/store/reachable").asBoolean()).isFalse();
        assertThat(h.has("detail")).as("why is for administrators").isFalse();
        assertThat(h.at("/store").has("location")).as("where is for administrators").isFalse();
        assertThat(health.body()).doesNotContain("password").doesNotContain("jdbc:");
        assertThat(times).allSatisfy(t -> assertThat(t).isLessThan(BOUND_MS));
        proxy.restore();
        assertServesAgainWithin(10_000);
    }

    /**
     * Sessions live in the store: while it is down, a signed-in user's pages and the public figures still
     * load (the request goes on as the public's), and what needs the sign-in answers 503, not 401.
     */
    @Test
    void while_the_database_is_down_a_signed_in_browser_still_gets_its_pages_and_503_for_the_rest() throws Exception {
        server.addUser("outage-leader", org.xiangtu.catalog.Role.LEADER, "a long enough password");
        ApiClient leader = server.client();
        assertThat(leader.signIn("outage-leader", "a long enough password").statusCode()).isEqualTo(200);
        assertThat(leader.get("/api/planner-layers").statusCode()).isEqualTo(200);
        proxy.cut();
        assertThat(leader.get("/").statusCode()).as("the cockpit page").isEqualTo(200);
        assertThat(leader.get("/api/session").statusCode()).as("who am I, as the public").isEqualTo(200);
        assertUnavailable(leader.get("/api/planner-layers"));
        assertUnavailable(leader.send("DELETE", "/api/session", null, Map.of()));
        proxy.restore();
        assertServesAgainWithin(10_000);
        int status = 0;
        for (long end = System.currentTimeMillis() + 10_000; status != 200 && System.currentTimeMillis() < end;) {
            status = leader.get("/api/planner-layers").statusCode(); // the work pool mends on its own time
            if (status != 200) {
                assertThat(status).isEqualTo(503);
                Thread.sleep(200);
            }
        }
        assertThat(status).as("the session outlived the outage").isEqualTo(200);
    }

    @Test
    void when_the_database_stops_answering_concurrent_requests_get_503_within_the_timeout() throws Exception {
        assertThat(server.get(ITEMS).statusCode()).isEqualTo(200);
        proxy.stall();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<long[]>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String path = i % 2 == 0 ? ITEMS : "/health";
                answers.add(clients.submit(() -> {
                    long start = System.nanoTime();
                    int status = server.get(path).statusCode();
                    return new long[] {status, (System.nanoTime() - start) / 1_000_000};
                }));
            }
            for (Future<long[]> a : answers) {
                long[] r = a.get();
                assertThat(r[0]).isEqualTo(503);
                assertThat(r[1]).isLessThan(BOUND_MS);
            }
        } finally {
            clients.shutdownNow();
        }
        proxy.restore();
        assertServesAgainWithin(10_000);
    }
}
