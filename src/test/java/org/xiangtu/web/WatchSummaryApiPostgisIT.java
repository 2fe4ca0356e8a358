package org.xiangtu.web;

import java.util.Map;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestServer;

/** Every test of {@link WatchSummaryApiTest}, on the PostGIS store. */
@RequiresPostgis
class WatchSummaryApiPostgisIT extends WatchSummaryApiTest {
    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(Map.of());
    }
}
