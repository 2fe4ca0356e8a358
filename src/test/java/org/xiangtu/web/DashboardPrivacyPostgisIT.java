package org.xiangtu.web;

import org.xiangtu.testing.RequiresPostgis;

import java.util.Map;
import org.xiangtu.testing.TestServer;

/** Every disclosure attack of {@link DashboardPrivacyTest}, on the PostGIS store: nothing withheld can be derived there either. */
@RequiresPostgis
class DashboardPrivacyPostgisIT extends DashboardPrivacyTest {
    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(Map.of());
    }
}
