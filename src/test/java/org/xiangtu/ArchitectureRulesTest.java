package org.xiangtu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intended layers, held against the code: every Java source under {@code src/main/java} belongs to
 * one part, and a reference from one part to another that a {@code never} rule forbids fails the build,
 * naming the file, the line and the rule.
 *
 * <p>The parts and the rules are copied from the project's architecture sheet
 * ({@code architecture.json} beside the issue tracker, "parts" with their folders and "never" with its
 * reasons, as of issue 14); it lives outside the repository, so this test keeps its own copy as data.
 * Change both together. A file belongs to the part with the longest matching path ({@code store/} holds
 * the interfaces, {@code store/geopackage/} the GeoPackage backend).
 *
 * <p>A reference is read as text: an {@code import} (static and wildcard too) or a fully qualified
 * {@code org.xiangtu.…} name in the code. Comments are skipped. References inside one package stay in
 * one part, so simple names need no reading.
 */
class ArchitectureRulesTest {

    /** Part → its files or folders, from architecture.json "parts" (a folder ends with '/'). */
    static final Map<String, List<String>> PARTS = Map.ofEntries(
            Map.entry("Entry", List.of("src/main/java/org/xiangtu/Main.java",
                    "src/main/java/org/xiangtu/UserCommand.java", "src/main/java/org/xiangtu/AssignCommand.java",
                    "src/main/java/org/xiangtu/MapImportCommand.java", "src/main/java/org/xiangtu/BriefingCommand.java",
                    "src/main/java/org/xiangtu/App.java")),
            Map.entry("Web", List.of("src/main/java/org/xiangtu/web/")),
            Map.entry("Ogc", List.of("src/main/java/org/xiangtu/ogc/")),
            Map.entry("Services", List.of("src/main/java/org/xiangtu/service/", "src/main/java/org/xiangtu/briefing/")),
            Map.entry("Rules", List.of("src/main/java/org/xiangtu/account/", "src/main/java/org/xiangtu/edit/")),
            Map.entry("Analysis", List.of("src/main/java/org/xiangtu/analysis/")),
            Map.entry("Io", List.of("src/main/java/org/xiangtu/io/")),
            Map.entry("Demo", List.of("src/main/java/org/xiangtu/demo/")),
            Map.entry("Store", List.of("src/main/java/org/xiangtu/store/FeatureStore.java",
                    "src/main/java/org/xiangtu/store/")),
            Map.entry("Gpkg", List.of("src/main/java/org/xiangtu/store/geopackage/")),
            Map.entry("Postgis", List.of("src/main/java/org/xiangtu/store/postgis/")),
            Map.entry("Catalog", List.of("src/main/java/org/xiangtu/catalog/")),
            Map.entry("Geo", List.of("src/main/java/org/xiangtu/geo/")),
            Map.entry("Config", List.of("src/main/java/org/xiangtu/config/")));

    /** A forbidden arrow: no file of {@code from} may name a type of {@code to}. */
    record Never(String from, String to, String why) {
    }

    /** From architecture.json "never", in its order. */
    static final List<Never> NEVER = List.of(
            new Never("Store", "Io", "stores know no file formats; readers hand them features"),
            new Never("Gpkg", "Io", "a backend knows no file formats"),
            new Never("Postgis", "Io", "a backend knows no file formats"),
            new Never("Rules", "Gpkg", "rules see store interfaces only"),
            new Never("Rules", "Postgis", "rules see store interfaces only"),
            new Never("Services", "Gpkg", "services see store interfaces only"),
            new Never("Services", "Postgis", "services see store interfaces only"),
            new Never("Web", "Gpkg", "handlers see store interfaces only"),
            new Never("Web", "Postgis", "handlers see store interfaces only"),
            new Never("Web", "Demo", "the server never depends on the demo generator"),
            new Never("Services", "Demo", "the server never depends on the demo generator"),
            new Never("Store", "Web", "lower floors never reach up"),
            new Never("Store", "Services", "lower floors never reach up"),
            new Never("Analysis", "Services", "analysis is below the services"));

    /** One reference of a source file to a type of this project. */
    record Reference(String file, int line, String type) {
    }

    private static final String ROOT = "src/main/java/";
    /** {@code org.xiangtu.a.b.Type} or {@code org.xiangtu.a.*}: the package and, where named, the type. */
    private static final Pattern NAME = Pattern.compile("\\borg\\.xiangtu((?:\\.[a-z][a-z0-9_]*)*)\\.([A-Z]\\w*|\\*)");

    @Test
    void mainSourcesKeepEveryNeverRule() {
        List<String> broken = brokenRules(Path.of("."));
        assertTrue(broken.isEmpty(), broken.size() + " references break a never rule of the architecture:\n"
                + String.join("\n", broken));
    }

    @Test
    void ioAndStoreDoNotImportEachOther() {
        List<String> cycle = cycle(Path.of("."), "io", "store");
        assertTrue(cycle.isEmpty(), "io/ and store/ import each other (a package cycle):\n" + String.join("\n", cycle));
    }

    /** The check itself can fail: a planted import is found, named with its file, line and rule. */
    @Test
    void aPlantedImportIsReported(@TempDir Path tmp) throws IOException {
        write(tmp, "store/postgis/PostgisThing.java", """
                package org.xiangtu.store.postgis;

                import java.util.List;
                // import org.xiangtu.io.CommentedOut;
                import org.xiangtu.store.FeatureStore;
                import org.xiangtu.io.upload.UploadReader;

                /** Mentions org.xiangtu.io.GeoJsonLayerReader in a comment only. */
                final class PostgisThing {
                    String s = "org.xiangtu.io.Text in a string";
                }
                """);
        write(tmp, "web/Handler.java", """
                package org.xiangtu.web;

                import static org.xiangtu.store.geopackage.Sqlite.open;
                import org.xiangtu.service.LayerService;

                final class Handler {
                    Object demo = new org.xiangtu.demo.DemoCounty(); /* org.xiangtu.io.X */
                }
                """);
        write(tmp, "io/Reader.java", """
                package org.xiangtu.io;

                import org.xiangtu.store.*;
                """);

        assertEquals(List.of(
                "src/main/java/org/xiangtu/store/postgis/PostgisThing.java:6 names org.xiangtu.io.upload.UploadReader:"
                        + " never Postgis -> Io (a backend knows no file formats)",
                "src/main/java/org/xiangtu/web/Handler.java:3 names org.xiangtu.store.geopackage.Sqlite:"
                        + " never Web -> Gpkg (handlers see store interfaces only)",
                "src/main/java/org/xiangtu/web/Handler.java:7 names org.xiangtu.demo.DemoCounty:"
                        + " never Web -> Demo (the server never depends on the demo generator)"),
                brokenRules(tmp));
        assertEquals(List.of(
                "src/main/java/org/xiangtu/io/Reader.java:3 names org.xiangtu.store.*",
                "src/main/java/org/xiangtu/store/postgis/PostgisThing.java:6 names org.xiangtu.io.upload.UploadReader"),
                cycle(tmp, "io", "store"));
    }

    @Test
    void everyMainSourceBelongsToAPart() {
        List<String> orphans = sources(Path.of(".")).stream()
                .map(f -> f.toString().replace('\\', '/'))
                .filter(f -> part(f) == null)
                .toList();
        assertTrue(orphans.isEmpty(), "files on no part (add them to PARTS and to architecture.json): " + orphans);
        assertEquals("Gpkg", part("src/main/java/org/xiangtu/store/geopackage/GeoPackageStore.java"));
        assertEquals("Store", part("src/main/java/org/xiangtu/store/jdbc/WorkSql.java"));
        assertEquals("Entry", part("src/main/java/org/xiangtu/App.java"));
    }

    /** Every reference that breaks a never rule, as "file:line names type: never A -> B (why)". */
    static List<String> brokenRules(Path project) {
        List<String> out = new ArrayList<>();
        for (Path f : sources(project)) {
            String file = f.toString().replace('\\', '/');
            String from = part(file);
            for (Reference r : references(project, f)) {
                String to = part(pathOf(r.type()));
                for (Never n : NEVER) {
                    if (n.from().equals(from) && n.to().equals(to)) {
                        out.add(r.file() + ":" + r.line() + " names " + r.type() + ": never " + n.from() + " -> "
                                + n.to() + " (" + n.why() + ")");
                    }
                }
            }
        }
        return out;
    }

    /**
     * The references that tie two top-level packages ({@code io} with its sub-packages, {@code store} with
     * its backends) into a cycle: empty unless each names the other.
     */
    static List<String> cycle(Path project, String a, String b) {
        List<String> aToB = crossing(project, a, b);
        List<String> bToA = crossing(project, b, a);
        if (aToB.isEmpty() || bToA.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(aToB);
        out.addAll(bToA);
        return out;
    }

    private static List<String> crossing(Path project, String from, String to) {
        List<String> out = new ArrayList<>();
        for (Path f : sources(project)) {
            if (!topPackage(f.toString().replace('\\', '/')).equals(from)) {
                continue;
            }
            for (Reference r : references(project, f)) {
                if (topPackage(pathOf(r.type())).equals(to)) {
                    out.add(r.file() + ":" + r.line() + " names " + r.type());
                }
            }
        }
        return out;
    }

    /** "io" for src/main/java/org/xiangtu/io/upload/X.java, "" for a file of org.xiangtu itself. */
    private static String topPackage(String file) {
        String rest = file.substring((ROOT + "org/xiangtu/").length());
        int slash = rest.indexOf('/');
        return slash < 0 ? "" : rest.substring(0, slash);
    }

    /** The part of a source path: the longest file or folder entry that matches; null if none does. */
    static String part(String file) {
        String best = null;
        int bestLength = -1;
        for (var e : PARTS.entrySet()) {
            for (String p : e.getValue()) {
                boolean hit = p.endsWith("/") ? file.startsWith(p) : file.equals(p);
                if (hit && p.length() > bestLength) {
                    best = e.getKey();
                    bestLength = p.length();
                }
            }
        }
        return best;
    }

    /** org.xiangtu.io.upload.UploadReader → src/main/java/org/xiangtu/io/upload/UploadReader.java (a '*' stays). */
    private static String pathOf(String type) {
        return ROOT + type.replace('.', '/') + ".java";
    }

    /** Java sources under project/src/main/java, as paths relative to project, sorted. */
    private static List<Path> sources(Path project) {
        Path root = project.resolve(ROOT);
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java"))
                    .map(project::relativize)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root.toAbsolutePath(), e);
        }
    }

    /** The org.xiangtu types a file names outside its own package, outside comments and strings. */
    private static List<Reference> references(Path project, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(project.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = file.toString().replace('\\', '/');
        String ownPackage = name.substring(ROOT.length(), name.lastIndexOf('/')).replace('/', '.');
        List<Reference> out = new ArrayList<>();
        boolean inComment = false;
        for (int i = 0; i < lines.size(); i++) {
            String code = lines.get(i);
            if (inComment) {
                int end = code.indexOf("*/");
                if (end < 0) {
                    continue;
                }
                code = code.substring(end + 2);
                inComment = false;
            }
            code = code.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("/\\*.*?\\*/", " ");
            int open = code.indexOf("/*");
            if (open >= 0) {
                code = code.substring(0, open);
                inComment = true;
            }
            int slashes = code.indexOf("//");
            if (slashes >= 0) {
                code = code.substring(0, slashes);
            }
            if (code.trim().startsWith("package ")) {
                continue;
            }
            Matcher m = NAME.matcher(code);
            while (m.find()) {
                String pkg = "org.xiangtu" + m.group(1);
                if (!pkg.equals(ownPackage)) {
                    out.add(new Reference(name, i + 1, pkg + "." + m.group(2)));
                }
            }
        }
        return out;
    }

    private static void write(Path project, String relative, String text) throws IOException {
        Path f = project.resolve(ROOT + "org/xiangtu/" + relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }
}
