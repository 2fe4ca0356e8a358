package org.xiangtu.web;

import org.xiangtu.testing.RequiresPostgis;

import java.util.Map;
import org.xiangtu.testing.TestServer;

/** The resource bounds of {@link ResourceTest} on the PostGIS store. */
@RequiresPostgis
class ResourcePostgisIT extends ResourceTest {
    @Override
    protected TestServer startServer(Map<String, String> overrides) {
        return TestServer.startPostgis(overrides);
    }
}
