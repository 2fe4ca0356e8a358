package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.service.DashboardService;
import org.xiangtu.testing.TestServer;

/** Anonymous clients choose the reach and the date freely: the dashboard's caches stay bounded. */
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
}
