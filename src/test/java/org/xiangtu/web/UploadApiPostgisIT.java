package org.xiangtu.web;

import org.xiangtu.testing.RequiresPostgis;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xiangtu.testing.TestServer;

/** The upload contract on PostGIS. */
@RequiresPostgis
class UploadApiPostgisIT extends UploadApiContract {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startPostgis(Map.of());
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
