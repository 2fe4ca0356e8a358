package org.xiangtu.web;

import org.xiangtu.testing.RequiresPostgis;

import java.util.Map;
import org.xiangtu.testing.TestServer;

/** Every test of {@link EventsStreamsTest}, on the PostGIS store. */
@RequiresPostgis
class EventsStreamsPostgisIT extends EventsStreamsTest {
    @Override
    protected TestServer startServer(Map<String, String> overrides) {
        return TestServer.startPostgis(overrides);
    }
}
