package org.xiangtu.account;

import java.time.Instant;
import org.xiangtu.catalog.Role;

/** A signed-in user of the server: name, role (leader, planner, admin or cadre) and the argon2id hash of the password. */
public record User(String name, Role role, String passwordHash, Instant createdAt, Instant updatedAt) {
    /** The role as stored and shown: lower case. */
    public String roleName() {
        return role.name().toLowerCase(java.util.Locale.ROOT);
    }
}
