package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shape of the web layer (issue 14, item 5), read from the sources: every route handler the route
 * table calls is at most {@value #MAX_LINES} lines, and no controller turns an exception into an answer
 * itself — that is {@link ErrorMapping}'s job. Each rule has a planted counter-example, so the reading
 * itself is tested.
 */
class HandlerShapeTest {
    static final int MAX_LINES = 20;
    private static final Path WEB = Path.of("src/main/java/org/xiangtu/web");
    /** Controllers whose catch is the answer itself: /health reports an unreachable store as its 503 body. */
    private static final Set<String> ANSWER_IS_THE_FAILURE = Set.of("HealthController");
    private static final Pattern ROUTE = Pattern.compile("c\\.(\\w+)\\(\\)::(\\w+)");
    private static final Pattern TRANSLATION = Pattern.compile(
            "ProblemException|NotFoundException|InvalidQueryException|\\.status\\(|ErrorMapping\\.send");

    @Test
    void everyRouteHandlerIsShort() throws IOException {
        Map<String, Integer> lengths = routeHandlerLengths();
        assertThat(lengths).hasSizeGreaterThan(25); // the reading found the route table's handlers
        List<String> tooLong = new ArrayList<>();
        lengths.forEach((name, n) -> {
            if (n > MAX_LINES) {
                tooLong.add(name + " (" + n + " lines)");
            }
        });
        assertThat(tooLong).as("route handlers over " + MAX_LINES + " lines").isEmpty();
    }

    @Test
    void noControllerTranslatesExceptions() throws IOException {
        List<String> found = new ArrayList<>();
        try (var files = Files.list(WEB)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("Controller.java")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                if (!ANSWER_IS_THE_FAILURE.contains(name)) {
                    translatingCatches(Files.readString(f)).forEach(c -> found.add(name + ": " + c));
                }
            }
        }
        assertThat(found).as("catch blocks in controllers that make an answer (move them to ErrorMapping)").isEmpty();
    }

    @Test
    void theReadingSeesWhatItLooksFor() {
        String planted = """
                public final class X {
                    public void h(Context ctx) {
                        try {
                            run();
                        } catch (Foo e) {
                            throw new ProblemException(409, "x", e.getMessage());
                        }
                    }
                    public void g(Context ctx) {
                        try {
                            run();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
                """;
        assertThat(translatingCatches(planted)).containsExactly("catch (Foo e)");
        assertThat(bodyLength(planted, "h")).isEqualTo(5);
    }

    /** Handler name ({@code Controller.method}) to body lines, for every handler in {@code Routes}. */
    private static Map<String, Integer> routeHandlerLengths() throws IOException {
        String routes = Files.readString(WEB.resolve("Routes.java"));
        Map<String, Integer> out = new LinkedHashMap<>();
        String table = routes.substring(routes.indexOf("this.table = "), routes.indexOf("closeResources()"));
        Matcher m = ROUTE.matcher(table);
        while (m.find()) {
            String controller = controllerType(routes, m.group(1));
            String source = Files.readString(WEB.resolve(controller + ".java"));
            out.put(controller + "." + m.group(2), bodyLength(source, m.group(2)));
        }
        return out;
    }

    /** The type of the {@code Controllers} record component with this name. */
    private static String controllerType(String routes, String component) {
        Matcher m = Pattern.compile("(\\w+)\\s+" + component + "\\s*[,)]").matcher(routes);
        if (!m.find()) {
            throw new AssertionError("Routes.Controllers has no component " + component);
        }
        return m.group(1);
    }

    /** Lines between the line opening {@code method(Context ...)} and its closing brace. */
    static int bodyLength(String source, String method) {
        List<String> lines = source.lines().toList();
        Pattern head = Pattern.compile("^\\s*(public |private |static |final )*void " + method + "\\(Context \\w+\\)");
        for (int i = 0; i < lines.size(); i++) {
            if (head.matcher(lines.get(i)).find()) {
                int depth = 0;
                for (int j = i; j < lines.size(); j++) {
                    depth += count(lines.get(j), '{') - count(lines.get(j), '}');
                    if (j > i && depth == 0) {
                        return j - i - 1;
                    }
                }
            }
        }
        throw new AssertionError("no handler " + method + "(Context) found");
    }

    /** The catch clauses whose block makes an answer (a problem, a 404, a status). */
    static List<String> translatingCatches(String source) {
        List<String> out = new ArrayList<>();
        List<String> lines = source.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = Pattern.compile("catch \\(([^)]*)\\)").matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            int depth = 0;
            StringBuilder block = new StringBuilder();
            for (int j = i; j < lines.size(); j++) {
                String line = j == i ? lines.get(j).substring(m.start()) : lines.get(j);
                depth += count(line, '{') - count(line, '}');
                block.append(line).append('\n');
                if (depth <= 0 && j > i) {
                    break;
                }
            }
            if (TRANSLATION.matcher(block).find()) {
                out.add(m.group(0));
            }
        }
        return out;
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }
}
