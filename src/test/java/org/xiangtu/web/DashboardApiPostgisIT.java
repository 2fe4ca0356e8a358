package org.xiangtu.web;

import org.xiangtu.testing.RequiresPostgis;

import java.util.Map;
import org.xiangtu.testing.TestServer;

/** Every dashboard test of {@link DashboardApiTest}, on the PostGIS store: the same figures from either store. */
@RequiresPostgis
class DashboardApiPostgisIT extends DashboardApiTest {
    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(Map.of());
    }
}
