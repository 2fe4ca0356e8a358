package org.xiangtu.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need an outside program (GDAL, Chromium) skip with a clear message on a developer's
 * machine without it, and fail when {@code CI=true}: in CI they must run.
 */
public final class Requirements {
    private Requirements() {
    }

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
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
