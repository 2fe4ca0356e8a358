package org.xiangtu.web;

import org.xiangtu.testing.RequiresPostgis;

import java.util.Map;
import org.xiangtu.testing.TestServer;

/** Every test of {@link SignInFloodTest}, on the PostGIS store. */
@RequiresPostgis
class SignInFloodPostgisIT extends SignInFloodTest {
    @Override
    protected TestServer startServer(Map<String, String> overrides) {
        return TestServer.startPostgis(overrides);
    }
}
