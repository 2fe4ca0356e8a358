package org.xiangtu.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xiangtu.testing.TestServer;

/** The upload contract on the GeoPackage store. */
class UploadApiTest extends UploadApiContract {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        addUsers(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected TestServer server() {
        return server;
    }
}
