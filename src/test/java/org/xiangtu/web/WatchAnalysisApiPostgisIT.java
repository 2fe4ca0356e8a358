package org.xiangtu.web;

import java.util.Map;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestServer;

/** Every test of {@link WatchAnalysisApiTest}, on the PostGIS store. */
@RequiresPostgis
class WatchAnalysisApiPostgisIT extends WatchAnalysisApiTest {
    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(Map.of());
    }
}
