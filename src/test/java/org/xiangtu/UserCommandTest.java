package org.xiangtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xiangtu.account.PasswordHasher;
import org.xiangtu.account.User;
import org.xiangtu.account.Users;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.WorkStore;
import org.xiangtu.store.geopackage.GeoPackageStore;

/** {@code xiangtu user …}: no default account, argon2id hashes, clear errors, exit codes. */
class UserCommandTest {
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

    @Test
    void users_are_added_listed_changed_and_removed_with_argon2id_hashes() {
        String gpkg = dir.resolve("x.gpkg").toString();
        assertThat(run("", "user", "list", "--gpkg", gpkg)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).as("no default account").isBlank();
        assertThat(run("first-password-1\n", "user", "add", "王规划", "--role", "planner", "--password-stdin", "--gpkg",
                gpkg)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(run("x-password-22\n", "user", "add", "王规划", "--role", "admin", "--password-stdin", "--gpkg", gpkg))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists already");
        assertThat(run("short\n", "user", "add", "li", "--role", "leader", "--password-stdin", "--gpkg", gpkg))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("at least 10 characters");
        assertThat(run("long-enough-pw\n", "user", "add", "li", "--role", "chief", "--password-stdin", "--gpkg", gpkg))
                .isEqualTo(2);
        assertThat(run("", "user", "list", "--gpkg", gpkg)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("王规划\tplanner");
        assertThat(stored(gpkg, "王规划").passwordHash()).startsWith("$argon2id$").doesNotContain("first-password-1");
        assertThat(PasswordHasher.verify("first-password-1", stored(gpkg, "王规划").passwordHash())).isTrue();
        assertThat(run("second-password-2\n", "user", "passwd", "王规划", "--password-stdin", "--gpkg", gpkg)).isZero();
        assertThat(PasswordHasher.verify("second-password-2", stored(gpkg, "王规划").passwordHash())).isTrue();
        assertThat(run("", "user", "remove", "王规划", "--gpkg", gpkg)).isZero();
        assertThat(run("", "user", "remove", "王规划", "--gpkg", gpkg)).isEqualTo(1);
    }

    private static User stored(String gpkg, String name) {
        DataSource data = DataSource.folder(Path.of("data"));
        try (GeoPackageStore store = GeoPackageStore.open(Path.of(gpkg), CatalogLoader.read(data));
                WorkStore work = store.openWork()) {
            return new Users(work.users()).find(name).orElseThrow();
        }
    }

    @Test
    void the_role_order_is_public_leader_planner_admin() {
        // the ladder public < leader < planner < admin, then the cadre beside it (CurrentUser.reaches)
        assertThat(Role.values()).containsExactly(Role.PUBLIC, Role.LEADER, Role.PLANNER, Role.ADMIN, Role.CADRE);
    }
}
