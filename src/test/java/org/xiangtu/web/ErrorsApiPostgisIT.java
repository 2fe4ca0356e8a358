package org.xiangtu.web;

import org.xiangtu.testing.RequiresPostgis;

import java.util.Map;
import org.xiangtu.testing.TestServer;

/** Every error test of {@link ErrorsApiTest}, on the PostGIS store. */
@RequiresPostgis
class ErrorsApiPostgisIT extends ErrorsApiTest {
    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(Map.of());
    }
}
