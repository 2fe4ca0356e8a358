package org.xiangtu.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs GDAL's ogrinfo for the interoperability tests and keeps what it printed. */
public final class Ogrinfo {
    public static final String PATH = "/usr/bin/ogrinfo";

    private Ogrinfo() {
    }

    public record Result(List<String> command, int exit, String stdout, String stderr) {
        public String describe() {
            return String.join(" ", command) + " → exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** Runs ogrinfo (60 s at most) with debug output off and no proxy between it and 127.0.0.1. */
    public static Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(PATH);
        command.addAll(List.of(args));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("ogrinfo", ".out");
            err = Files.createTempFile("ogrinfo", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = pb.environment();
            env.put("CPL_DEBUG", "OFF");
            env.keySet().removeIf(k -> k.equalsIgnoreCase("http_proxy") || k.equalsIgnoreCase("https_proxy")
                    || k.equalsIgnoreCase("all_proxy"));
            env.put("NO_PROXY", "127.0.0.1,localhost");
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }
}
