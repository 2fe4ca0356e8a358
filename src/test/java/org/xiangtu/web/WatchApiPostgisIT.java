package org.xiangtu.web;

import java.util.Map;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestServer;

/** Every test of {@link WatchApiTest}, on the PostGIS store. */
@RequiresPostgis
class WatchApiPostgisIT extends WatchApiTest {
    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(Map.of());
    }
}
