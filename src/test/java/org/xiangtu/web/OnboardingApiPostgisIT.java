package org.xiangtu.web;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestServer;

/** The onboarding contract on PostGIS (a fresh database each test). */
@RequiresPostgis
class OnboardingApiPostgisIT extends OnboardingApiContract {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.startPostgis(Map.of());
        addUsers(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected TestServer server() {
        return server;
    }
}
