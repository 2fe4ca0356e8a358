package org.xiangtu.edit;

import org.xiangtu.testing.RequiresPostgis;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xiangtu.testing.TestServer;

/** The progress-update contract on PostGIS (row locks instead of SQLite's single writer). */
@RequiresPostgis
class ProjectUpdatesPostgisIT extends ProjectUpdatesContract {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startPostgis(Map.of());
        ProjectUpdatesTest.addUsers(server);
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
