package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@link UserStore} contract, run on every backend (GeoPackage, PostGIS, memory): rows are kept
 * as given, keyed by the exact name; of concurrent inserts of one name exactly one wins; a refused
 * write leaves nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class UserStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private WorkBackend backend;
    protected UserStore users;

    /** A fresh backend with no users. */
    protected abstract WorkBackend open() throws Exception;

    @BeforeAll
    void openStore() throws Exception {
        backend = open();
        users = backend.work().users();
    }

    @AfterAll
    void closeStore() {
        if (backend != null) {
            backend.close();
        }
    }

    private static StoredUser user(String name, String role) {
        return new StoredUser(name, role, "$argon2id$" + name, T0, T0);
    }

    @Test
    void a_user_is_kept_as_given_and_found_by_its_exact_name() {
        assertThat(users.insert(user("王规划", "planner"))).isTrue();
        assertThat(users.find("王规划")).contains(user("王规划", "planner"));
        assertThat(users.find("王")).isEmpty();
        assertThat(users.insert(user("Ann", "leader"))).isTrue();
        assertThat(users.insert(user("ann", "admin"))).as("names differ by case").isTrue();
        assertThat(users.find("Ann").orElseThrow().role()).isEqualTo("leader");
    }

    @Test
    void a_taken_name_is_refused_and_the_first_user_stays() {
        assertThat(users.insert(user("taken", "leader"))).isTrue();
        assertThat(users.insert(user("taken", "admin"))).isFalse();
        assertThat(users.find("taken").orElseThrow().role()).isEqualTo("leader");
    }

    @Test
    void the_list_is_in_name_order() {
        users.insert(user("zz-list", "leader"));
        users.insert(user("aa-list", "leader"));
        List<String> names = users.list().stream().map(StoredUser::name).toList();
        assertThat(names).contains("aa-list", "zz-list");
        assertThat(names).isSortedAccordingTo(FeatureStoreContract.CODE_POINT_ORDER);
    }

    @Test
    void a_password_is_replaced_and_a_user_removed_and_absent_ones_say_false() {
        users.insert(user("pw", "planner"));
        Instant later = T0.plusSeconds(60);
        assertThat(users.setPassword("pw", "$argon2id$new", later)).isTrue();
        StoredUser u = users.find("pw").orElseThrow();
        assertThat(u.passwordHash()).isEqualTo("$argon2id$new");
        assertThat(u.updatedAt()).isEqualTo(later);
        assertThat(u.createdAt()).isEqualTo(T0);
        assertThat(users.setPassword("nobody", "x", later)).isFalse();
        assertThat(users.delete("pw")).isTrue();
        assertThat(users.delete("pw")).isFalse();
        assertThat(users.find("pw")).isEmpty();
    }

    @Test
    void of_concurrent_inserts_of_one_name_exactly_one_wins() throws Exception {
        List<Boolean> won = Concurrently.run(8, i -> users.insert(user("race", List.of("leader", "planner", "admin").get(i % 3))));
        assertThat(won.stream().filter(b -> b).count()).isEqualTo(1);
        String role = users.find("race").orElseThrow().role();
        assertThat(role).isEqualTo(List.of("leader", "planner", "admin").get(won.indexOf(true) % 3));
    }

    @Test
    void a_refused_insert_writes_nothing() {
        assertThatThrownBy(() -> users.insert(new StoredUser("no-role", null, "h", T0, T0)))
                .isInstanceOf(RuntimeException.class);
        assertThat(users.find("no-role")).isEmpty();
    }
}
