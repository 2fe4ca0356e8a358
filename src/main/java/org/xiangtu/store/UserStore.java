package org.xiangtu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the users live. The rules (which names and roles are acceptable, hashing) live in
 * {@code account.Users}; the store only keeps rows, keyed by the exact name (binary comparison, so
 * {@code "Ann"} and {@code "ann"} are two users).
 *
 * <p>Implementations are thread-safe. Methods never return {@code null}; "not found" is an empty
 * {@link Optional} or {@code false}. Each write is one transaction: it happens entirely or not at
 * all, and of two concurrent {@link #insert}s of one name exactly one returns {@code true}. A
 * store that cannot be reached throws {@link StoreUnavailableException}.
 */
public interface UserStore {

    /** The user of that name; empty if there is none. */
    Optional<StoredUser> find(String name);

    /** Every user, by name (code point order). */
    List<StoredUser> list();

    /** Adds the user; {@code false} (and nothing changed) if the name is taken. */
    boolean insert(StoredUser user);

    /** Replaces the password hash and sets {@code updatedAt}; {@code false} if there is no such user. */
    boolean setPassword(String name, String passwordHash, Instant updatedAt);

    /** Removes the user; {@code false} if there was none. */
    boolean delete(String name);
}
