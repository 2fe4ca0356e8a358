package org.xiangtu.edit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.TestServer;

/** The progress-update contract on the GeoPackage store. */
class ProjectUpdatesTest extends ProjectUpdatesContract {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        addUsers(server);
    }

    static void addUsers(TestServer s) {
        s.addUser("guihua", Role.PLANNER, PLANNER_PASSWORD);
        s.addUser("lingdao", Role.LEADER, "leader-password-1");
        s.addUser("admin", Role.ADMIN, "admin-password-1");
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
