package org.xiangtu.web;

import java.util.Map;
import org.xiangtu.testing.TestServer;

/** The resource bounds of {@link ResourceTest} on the PostGIS store. */
class ResourcePostgisIT extends ResourceTest {
    @Override
    protected TestServer startServer(Map<String, String> overrides) {
        return TestServer.startPostgis(overrides);
    }
}
