package org.xiangtu.web;

import java.util.Map;
import org.xiangtu.testing.TestServer;

/** Every error test of {@link ErrorsApiTest}, on the PostGIS store. */
class ErrorsApiPostgisIT extends ErrorsApiTest {
    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(Map.of());
    }
}
