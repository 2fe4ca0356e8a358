package org.xiangtu.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.memory.MemoryWorkStore;

/** The rules on users (names, roles, what is stored) on the in-memory store. */
class UsersTest {
    private final MemoryWorkStore store = new MemoryWorkStore();
    private final Users users = new Users(store);

    @Test
    void names_have_2_to_64_letters_digits_dots_dashes_or_underscores_in_any_script() {
        assertThat(Users.badName("王规划")).isNull();
        assertThat(Users.badName("ann.lee-2_x")).isNull();
        assertThat(Users.badName("a")).isNotNull();
        assertThat(Users.badName("a".repeat(65))).isNotNull();
        assertThat(Users.badName("a b")).isNotNull();
        assertThat(Users.badName(null)).isNotNull();
    }

    @Test
    void roles_are_named_in_any_case_and_public_is_not_one() {
        assertThat(Users.role("Planner")).contains(Role.PLANNER);
        assertThat(Users.role("ADMIN")).contains(Role.ADMIN);
        assertThat(Users.role("public")).isEmpty();
        assertThat(Users.role(null)).isEmpty();
    }

    @Test
    void a_user_is_stored_with_its_role_in_lower_case_and_read_back_as_a_role() {
        assertThat(users.add("lingdao", Role.LEADER, "$argon2id$h")).isTrue();
        assertThat(store.find("lingdao").orElseThrow().role()).isEqualTo("leader");
        User u = users.find("lingdao").orElseThrow();
        assertThat(u.role()).isEqualTo(Role.LEADER);
        assertThat(u.createdAt()).isEqualTo(u.updatedAt());
        assertThat(users.add("lingdao", Role.ADMIN, "x")).isFalse();
        assertThat(users.find("lingdao").orElseThrow().role()).isEqualTo(Role.LEADER);
    }

    @Test
    void a_password_is_replaced_and_a_user_removed() {
        users.add("guihua", Role.PLANNER, "old");
        assertThat(users.setPassword("guihua", "new")).isTrue();
        assertThat(users.find("guihua").orElseThrow().passwordHash()).isEqualTo("new");
        assertThat(users.setPassword("nobody", "x")).isFalse();
        assertThat(users.remove("guihua")).isTrue();
        assertThat(users.remove("guihua")).isFalse();
        assertThat(users.list()).isEmpty();
    }
}
