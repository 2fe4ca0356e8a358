package org.xiangtu.account;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.EditStore;

/** The users, kept in the store's {@code xiangtu_users} table. */
public final class Users {
    static final String FIND = "SELECT name, role, password_hash, created_at, updated_at FROM xiangtu_users WHERE name = ?";
    static final String LIST = "SELECT name, role, password_hash, created_at, updated_at FROM xiangtu_users ORDER BY name";
    static final String INSERT = "INSERT INTO xiangtu_users (name, role, password_hash, created_at, updated_at) "
            + "VALUES (?, ?, ?, ?, ?)";
    static final String SET_PASSWORD = "UPDATE xiangtu_users SET password_hash = ?, updated_at = ? WHERE name = ?";
    static final String DELETE = "DELETE FROM xiangtu_users WHERE name = ?";
    /** Letters (any script), digits, dot, dash, underscore; 2–64 characters. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._-]{2,64}");

    private final EditStore store;

    public Users(EditStore store) {
        this.store = store;
    }

    /** Why a user name is refused, or null when it is acceptable. */
    public static String badName(String name) {
        return name != null && NAME.matcher(name).matches() ? null
                : "a user name has 2–64 letters, digits, '.', '-' or '_'";
    }

    /** The role named by the command line or API: leader, planner or admin. */
    public static Optional<Role> role(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "leader" -> Optional.of(Role.LEADER);
            case "planner" -> Optional.of(Role.PLANNER);
            case "admin" -> Optional.of(Role.ADMIN);
            default -> Optional.empty();
        };
    }

    public Optional<User> find(String name) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.empty();
                }
            }
        });
    }

    public List<User> list() {
        return store.read(c -> {
            List<User> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(LIST); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(user(rs));
                }
            }
            return out;
        });
    }

    /** Adds a user; false if the name is taken. */
    public boolean add(String name, Role role, String passwordHash) {
        return store.write(c -> {
            try (PreparedStatement find = c.prepareStatement(FIND)) {
                find.setString(1, name);
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            Instant now = Instant.now();
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setString(1, name);
                ps.setString(2, role.name().toLowerCase(Locale.ROOT));
                ps.setString(3, passwordHash);
                store.dialect().setInstant(ps, 4, now);
                store.dialect().setInstant(ps, 5, now);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Sets a new password hash; false if there is no such user. */
    public boolean setPassword(String name, String passwordHash) {
        return store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(SET_PASSWORD)) {
                ps.setString(1, passwordHash);
                store.dialect().setInstant(ps, 2, Instant.now());
                ps.setString(3, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Removes a user; false if there was none. */
    public boolean remove(String name) {
        return store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                ps.setString(1, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private User user(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), role(rs.getString(2)).orElseThrow(), rs.getString(3),
                store.dialect().getInstant(rs, 4), store.dialect().getInstant(rs, 5));
    }
}
