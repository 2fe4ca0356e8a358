package org.xiangtu.web;

import org.xiangtu.testing.RequiresPostgis;

import java.util.Map;
import org.xiangtu.testing.TestServer;

/** The fuzz suite of {@link FuzzTest} on the PostGIS store (NUL bytes, SQL errors and timeouts differ there). */
@RequiresPostgis
class FuzzPostgisIT extends FuzzTest {
    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(Map.of());
    }
}
