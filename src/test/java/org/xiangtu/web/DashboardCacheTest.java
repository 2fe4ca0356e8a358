package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.xiangtu.catalog.Role;
import org.xiangtu.service.DashboardService;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * Anonymous clients choose the reach and the date freely: the dashboard's caches stay bounded. And the
 * dashboard, which reads catalogue layers only, keeps its snapshot when planners import, publish or
 * delete layers of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardCacheTest {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_new_reach_or_date_each_time_keeps_the_caches_bounded() {
        DashboardService service = server.routes().controllers().dashboard().service();
        for (int i = 0; i < 40; i++) {
            assertThat(server.get("/api/dashboard?reach=" + (1_000 + i)).statusCode()).isEqualTo(200);
            assertThat(server.get("/api/dashboard?asOf=2020-01-" + String.format("%02d", 1 + i % 28)
                    + "&reach=1000").statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 80; i++) {
            assertThat(server.get("/api/dashboard?asOf=2019-" + String.format("%02d", 1 + i % 12) + "-"
                    + String.format("%02d", 1 + i / 12) + "&reach=1000").statusCode()).isEqualTo(200);
        }
        int[] sizes = service.cacheSizes();
        assertThat(sizes[0]).isPositive().isLessThanOrEqualTo(16);
        assertThat(sizes[1]).isPositive().isLessThanOrEqualTo(64);
    }

    @Test
    void a_planner_import_publish_or_delete_keeps_the_dashboard_snapshot() throws Exception {
        DashboardService service = server.routes().controllers().dashboard().service();
        server.addUser("cache-planner", Role.PLANNER, "cache-password-1");
        assertThat(server.get("/api/dashboard?reach=1234").statusCode()).isEqualTo(200);
        int reaches = service.cacheSizes()[0];
        assertThat(reaches).isPositive(); // a reach is cached until the snapshot is thrown away
        ApiClient planner = server.client();
        assertThat(planner.signIn("cache-planner", "cache-password-1").statusCode()).isEqualTo(200);
        String id = ApiClient.json(planner.upload("/api/uploads", "villages.geojson",
                Files.readAllBytes(Path.of("src/test/resources/uploads/villages.geojson")), Map.of())).get("id").asText();
        assertThat(service.cacheSizes()[0]).as("after an import").isEqualTo(reaches);
        assertThat(planner.send("PATCH", "/api/planner-layers/" + id, "{\"published\": true}", Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(planner.send("DELETE", "/api/planner-layers/" + id, null, Map.of()).statusCode()).isEqualTo(204);
        assertThat(service.cacheSizes()[0]).as("after a publish and a delete").isEqualTo(reaches);
        // a change of a catalogue layer still throws it away
        service.changed(java.util.Set.of("villages"));
        assertThat(service.cacheSizes()[0]).isZero();
    }

    @Test
    void visits_are_counted_at_the_next_request_and_keep_the_snapshot() throws Exception {
        DashboardService service = server.routes().controllers().dashboard().service();
        server.addUser("gb50015100300101", Role.CADRE, "cache-password-1");
        ApiClient cadre = server.client();
        assertThat(cadre.signIn("gb50015100300101", "cache-password-1").statusCode()).isEqualTo(200);
        long before = visits12m();
        int reaches = service.cacheSizes()[0];
        String now = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(8)).withNano(0).toString();
        for (int i = 0; i < 3; i++) {
            String body = "{\"id\": \"" + java.util.UUID.randomUUID() + "\", \"household_code\": \"5001510030010001\", "
                    + "\"kind\": \"monthly\", \"at\": \"" + now + "\", \"note\": \"cache test\"}";
            var r = cadre.send("POST", "/api/field/visits", body, Map.of());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        assertThat(visits12m()).isEqualTo(before + 3);
        assertThat(service.cacheSizes()[0]).as("the reaches stay").isEqualTo(reaches);
    }

    private long visits12m() throws Exception {
        // at today's date: the visits are recorded now (the demo's own history ends earlier)
        var r = server.get("/api/dashboard?asOf=" + java.time.LocalDate.now(java.time.ZoneOffset.ofHours(8)));
        assertThat(r.statusCode()).isEqualTo(200);
        for (var k : new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("kpis")) {
            if (k.get("id").asText().equals("visits_12m")) {
                return k.get("value").asLong();
            }
        }
        throw new AssertionError("no visits_12m");
    }
}
