package org.xiangtu.web;

import org.xiangtu.testing.RequiresPostgis;

import java.util.Map;
import org.xiangtu.testing.TestServer;

/** The role walk of {@link RoleMatrixTest} (every route, HEAD too) on the PostGIS store. */
@RequiresPostgis
class RoleMatrixPostgisIT extends RoleMatrixTest {
    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(Map.of());
    }
}
