package org.xiangtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xiangtu briefing}: the pack written to a file for scheduled runs, or a one-line usage error. */
class BriefingCommandTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void a_towns_pack_is_written_whole_to_the_file() throws Exception {
        Path pdf = dir.resolve("out").resolve("town.pdf");
        Files.createDirectories(pdf.getParent());
        int code = run("briefing", "--scope", "town:500151003000", "--out", pdf.toString(), "--gpkg",
                dir.resolve("store.gpkg").toString(), "--as-of", "2020-06-30", "--role", "leader");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        byte[] bytes = Files.readAllBytes(pdf);
        assertThat(new String(bytes, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(new String(bytes, bytes.length - 7, 7, StandardCharsets.ISO_8859_1)).contains("%%EOF");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote " + pdf.toAbsolutePath());
        try (var files = Files.list(pdf.getParent())) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).containsExactly("town.pdf");
        }
    }

    @Test
    void bad_options_are_one_line_naming_the_option_and_leave_no_file() {
        Path pdf = dir.resolve("x.pdf");
        String store = dir.resolve("store.gpkg").toString();
        assertThat(run("briefing", "--out", pdf.toString())).isEqualTo(2);
        assertThat(run("briefing", "--scope", "district", "--out", pdf.toString(), "--role", "admin")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--role");
        err.reset();
        assertThat(run("briefing", "--scope", "county", "--out", pdf.toString(), "--gpkg", store)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--scope").hasLineCount(1);
        err.reset();
        assertThat(run("briefing", "--scope", "district", "--out", pdf.toString(), "--gpkg", store, "--as-of",
                "2020-02-30")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--as-of").hasLineCount(1);
        err.reset();
        assertThat(run("briefing", "--scope", "district", "--out", pdf.toString(), "--gpkg", store, "--theme",
                "rainbow")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--theme").hasLineCount(1);
        assertThat(pdf).doesNotExist();
        assertThat(run("briefing", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--scope", "--role");
    }
}
