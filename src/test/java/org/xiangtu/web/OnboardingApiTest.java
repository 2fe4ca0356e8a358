package org.xiangtu.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.xiangtu.testing.TestServer;

/** The onboarding contract on the GeoPackage store (a fresh server each test: applying changes the data). */
class OnboardingApiTest extends OnboardingApiContract {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
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
