package org.xiangtu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.testing.TestServer;

/** The {@link SessionRestartContract} on one GeoPackage file, which each server in turn opens. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionRestartTest extends SessionRestartContract {
    private Path dir;

    @BeforeAll
    void folder() throws IOException {
        dir = Files.createTempDirectory("xiangtu-restart");
    }

    @AfterAll
    void clean() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Override
    protected TestServer startServer() {
        return TestServer.startOn(dir.resolve("restart.gpkg"), Map.of());
    }

    @Override
    protected List<String> storeOptions() {
        return List.of("--gpkg", dir.resolve("restart.gpkg").toString());
    }
}
