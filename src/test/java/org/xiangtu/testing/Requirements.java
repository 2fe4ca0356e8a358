package org.xiangtu.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need an outside program (GDAL, Chromium) or a PostGIS database skip with a clear message on a developer's
 * machine without it, and fail when {@code CI=true}: in CI they must run.
 */
public final class Requirements {
    private Requirements() {
    }

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The environment variable naming the PostgreSQL/PostGIS database the PostGIS tests may use. */
    public static final String TEST_DATABASE_URL = "XIANGTU_TEST_DATABASE_URL";

    /**
     * Requires a test database (PostgreSQL with PostGIS available, a user that may create
     * databases); returns its URL. {@code .ci/run} sets it; locally, see the README.
     */
    public static String requireTestDatabaseUrl() {
        String url = System.getenv(TEST_DATABASE_URL);
        boolean ok = url != null && !url.isBlank();
        if (!ok && isCi()) {
            throw new AssertionError(TEST_DATABASE_URL + " is required in CI (CI=true) but is not set");
        }
        Assumptions.assumeTrue(ok, TEST_DATABASE_URL + " is not set: skipping the PostGIS tests (they run in CI; "
                + "e.g. " + TEST_DATABASE_URL + "=jdbc:postgresql://127.0.0.1:5432/xiangtu_test?user=postgres)");
        return url;
    }

    /** Requires an executable file; returns its path. */
    public static Path requireExecutable(String path, String what) {
        Path p = Path.of(path);
        boolean ok = Files.isExecutable(p);
        if (!ok && isCi()) {
            throw new AssertionError(what + " (" + path + ") is required in CI (CI=true) but is not installed");
        }
        Assumptions.assumeTrue(ok, what + " (" + path + ") is not installed: skipping (it runs in CI)");
        return p;
    }
}
