package org.xiangtu.account;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.StoredUser;
import org.xiangtu.store.UserStore;

/** The users and the rules on them (names, roles); the rows are kept by a {@link UserStore}. */
public final class Users {
    /** Letters (any script), digits, dot, dash, underscore; 2–64 characters. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._-]{2,64}");

    private final UserStore store;

    public Users(UserStore store) {
        this.store = store;
    }

    /** Why a user name is refused, or null when it is acceptable. */
    public static String badName(String name) {
        return name != null && NAME.matcher(name).matches() ? null
                : "a user name has 2–64 letters, digits, '.', '-' or '_'";
    }

    /** The role named by the command line or API: leader, planner, admin or cadre (帮扶干部). */
    public static Optional<Role> role(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "leader" -> Optional.of(Role.LEADER);
            case "planner" -> Optional.of(Role.PLANNER);
            case "admin" -> Optional.of(Role.ADMIN);
            case "cadre" -> Optional.of(Role.CADRE);
            default -> Optional.empty();
        };
    }

    public Optional<User> find(String name) {
        return store.find(name).map(Users::user);
    }

    public List<User> list() {
        return store.list().stream().map(Users::user).toList();
    }

    /** Adds a user; false if the name is taken. */
    public boolean add(String name, Role role, String passwordHash) {
        Instant now = Instant.now();
        return store.insert(new StoredUser(name, role.name().toLowerCase(Locale.ROOT), passwordHash, now, now));
    }

    /** Sets a new password hash; false if there is no such user. */
    public boolean setPassword(String name, String passwordHash) {
        return store.setPassword(name, passwordHash, Instant.now());
    }

    /** Removes a user; false if there was none. */
    public boolean remove(String name) {
        return store.delete(name);
    }

    private static User user(StoredUser u) {
        return new User(u.name(), role(u.role()).orElseThrow(), u.passwordHash(), u.createdAt(), u.updatedAt());
    }
}
