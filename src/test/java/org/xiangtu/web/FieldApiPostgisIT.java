package org.xiangtu.web;

import java.util.Map;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestServer;

/** Every test of {@link FieldApiTest}, on the PostGIS store. */
@RequiresPostgis
class FieldApiPostgisIT extends FieldApiTest {
    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(Map.of());
    }
}
