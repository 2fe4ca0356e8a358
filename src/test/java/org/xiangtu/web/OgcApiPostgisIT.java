package org.xiangtu.web;

import org.xiangtu.testing.RequiresPostgis;

import java.util.Map;
import org.xiangtu.testing.TestServer;

/** Every OGC API test of {@link OgcApiTest}, on the PostGIS store (a fresh database loaded from data/). */
@RequiresPostgis
class OgcApiPostgisIT extends OgcApiTest {
    @Override
    protected TestServer startServer(Map<String, String> overrides) {
        return TestServer.startPostgis(overrides);
    }
}
