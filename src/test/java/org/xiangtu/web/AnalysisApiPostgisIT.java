package org.xiangtu.web;

import org.xiangtu.testing.RequiresPostgis;

import java.util.Map;
import org.xiangtu.testing.TestServer;

/** Every test of {@link AnalysisApiTest}, on the PostGIS store: the same answers from either store. */
@RequiresPostgis
class AnalysisApiPostgisIT extends AnalysisApiTest {
    @Override
    protected TestServer startServer() {
        return TestServer.startPostgis(Map.of());
    }
}
