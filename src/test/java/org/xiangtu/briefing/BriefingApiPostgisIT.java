package org.xiangtu.briefing;

import java.util.Map;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestServer;

/** Every test of {@link BriefingApiTest} on the PostGIS store. */
@RequiresPostgis
class BriefingApiPostgisIT extends BriefingApiTest {
    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(Map.of("briefing.atOnce", "1"));
    }
}
