package org.xiangtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.WorkStore;
import org.xiangtu.store.geopackage.GeoPackageStore;

/** {@code xiangtu assign …}: households move to a cadre user all together, audited; refusals write nothing. */
class AssignCommandTest {
    private static final String CADRE = "gb-cli-cadre";
    private static final List<String> CODES = List.of("5001510030020001", "5001510030020002");
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void households_are_assigned_listed_and_unassigned_all_together_and_audited() throws Exception {
        String gpkg = dir.resolve("x.gpkg").toString();
        assertThat(run("cadre-password-1\n", "user", "add", CADRE, "--role", "cadre", "--password-stdin", "--gpkg",
                gpkg)).as(err()).isZero();
        assertThat(run("", "assign", "--cadre", CADRE, CODES.get(0), CODES.get(1), "--gpkg", gpkg)).as(err()).isZero();
        assertThat(out()).contains("Assigned 2 households to '" + CADRE + "'", "gb50015100300201 2");
        assertThat(run("", "assign", "--list", "--cadre", CADRE, "--gpkg", gpkg)).as(err()).isZero();
        assertThat(out().lines().toList()).containsExactlyElementsOf(CODES);

        Path file = dir.resolve("codes.txt");
        Files.writeString(file, "# two households\n" + CODES.get(1) + "\n\n  5001510012010001  \n");
        assertThat(run("", "assign", "--unassign", "--file", file.toString(), "--gpkg", gpkg)).as(err()).isZero();
        assertThat(out()).contains("Unassigned 2 households", CADRE + " 1");
        assertThat(run("", "assign", "--list", "--cadre", CADRE, "--gpkg", gpkg)).isZero();
        assertThat(out().lines().toList()).containsExactly(CODES.get(0));

        List<AuditEntry> audit = audit(gpkg);
        assertThat(audit).hasSize(2);
        assertThat(audit.get(1).target()).isEqualTo(CADRE);
        assertThat(audit.get(1).actor()).startsWith("cli:");
        assertThat(audit.get(1).detail()).contains("\"households\":2", "gb50015100300201");
    }

    @Test
    void refusals_name_the_problem_and_write_nothing() {
        String gpkg = dir.resolve("y.gpkg").toString();
        assertThat(run("planner-password-1\n", "user", "add", "li-planner", "--role", "planner", "--password-stdin",
                "--gpkg", gpkg)).as(err()).isZero();
        assertThat(run("", "assign", "--cadre", "li-planner", CODES.get(0), "--gpkg", gpkg)).isEqualTo(1);
        assertThat(err()).contains("not a user with the role cadre");
        assertThat(run("", "assign", "--cadre", "nobody", CODES.get(0), "--gpkg", gpkg)).isEqualTo(1);
        assertThat(run("", "assign", "--unassign", CODES.get(0), "no-such-code", "--gpkg", gpkg)).isEqualTo(1);
        assertThat(err()).contains("no-such-code").doesNotContain(CODES.get(0));
        assertThat(run("", "assign", "--list", "--cadre", "gb50015100300201", "--gpkg", gpkg)).isZero();
        assertThat(out().lines().toList()).containsExactlyElementsOf(CODES);
        assertThat(audit(gpkg)).isEmpty();
        assertThat(run("", "assign", CODES.get(0), "--gpkg", gpkg)).isEqualTo(2);
        assertThat(err()).contains("--cadre NAME or --unassign");
        assertThat(run("", "assign", "--cadre", "x", "--gpkg", gpkg)).isEqualTo(2);
        assertThat(run("", "assign", "--cadre", "x", "--colour", "red", "a")).isEqualTo(2);
        assertThat(run("", "assign", "--help")).isZero();
        assertThat(out()).contains("Usage: xiangtu assign");
    }

    /** The assign entries of the store's audit log, newest first. */
    private static List<AuditEntry> audit(String gpkg) {
        DataSource data = DataSource.folder(Path.of("data"));
        try (GeoPackageStore store = GeoPackageStore.open(Path.of(gpkg), CatalogLoader.read(data));
                WorkStore work = store.openWork()) {
            return work.audit().page("assign", null, 100, 0);
        }
    }
}
