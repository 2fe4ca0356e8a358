package org.xiangtu.store;

import java.time.Instant;

/**
 * A user as the store holds it: the role as its lower-case name ({@code leader}, {@code planner}
 * or {@code admin}), the argon2id hash (never a password), and UTC timestamps. No field is null.
 */
public record StoredUser(String name, String role, String passwordHash, Instant createdAt, Instant updatedAt) {
}
