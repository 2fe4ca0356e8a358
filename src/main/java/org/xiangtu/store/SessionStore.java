package org.xiangtu.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where signed-in sessions live, so that they outlive a restart of the server and are shared by
 * every server on one store. The rules (the tokens, how long a session lives, how many one user
 * and the whole server may hold) live in {@code account.Sessions}; the store keeps rows keyed by the
 * SHA-256 of the session token ({@link StoredSession}: hashes only, never a token) and applies the
 * limits it is given.
 *
 * <p>Which session goes first: the least recently used, that is the smallest {@code lastSeen},
 * then the smallest {@code createdAt}, then the smallest {@code tokenHash}.
 *
 * <p>Implementations are thread-safe. Methods never return {@code null}; "not found" is an empty
 * {@link Optional}, {@code false} or 0. Each write is one transaction: it happens entirely or not at
 * all, so a {@link #create} that fails (a value refused, the store gone in the middle) has ended no
 * other session. Of concurrent {@link #create}s at a limit none takes the count past it. Expired
 * rows are returned by {@link #find} as they are until {@link #sweep} removes them: deciding that a
 * session has expired is the caller's rule. A store that cannot be reached throws
 * {@link StoreUnavailableException}.
 */
public interface SessionStore {
    /** {@link #touch} writes {@code lastSeen} at most this often per session, so that reads stay reads. */
    Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /**
     * Adds the session. First, when its user already holds {@code maxPerUser} sessions or more, that
     * user's least recently used ones are removed until {@code maxPerUser - 1} remain; then, when the
     * store holds {@code maxTotal} or more, the least recently used of all are removed until
     * {@code maxTotal - 1} remain. All in one transaction: afterwards the user holds at most
     * {@code maxPerUser} and the store at most {@code maxTotal}, also when several run at once.
     *
     * @return how many sessions were removed to make room
     * @throws IllegalArgumentException when a limit is below 1
     * @throws RuntimeException when a field is null or the token hash is held already (nothing changed)
     */
    int create(StoredSession session, int maxPerUser, int maxTotal);

    /** The session with this token hash, expired or not; empty if there is none. */
    Optional<StoredSession> find(String tokenHash);

    /**
     * Sets {@code lastSeen} to {@code at}, but only when the stored one is {@link #TOUCH_EVERY} or
     * more before {@code at}; so it never moves back, and of concurrent touches at one instant one
     * writes.
     *
     * @return whether it wrote
     */
    boolean touch(String tokenHash, Instant at);

    /** Removes the session (sign-out); {@code false} if there was none. */
    boolean delete(String tokenHash);

    /** Removes every session of the user (removed, or password changed); how many there were. */
    int deleteAll(String user);

    /**
     * Removes the expired sessions: those last seen before {@code seenBefore} (idle) or created
     * before {@code createdBefore} (too old); how many there were.
     */
    int sweep(Instant seenBefore, Instant createdBefore);

    /** How many sessions the store holds, expired ones not yet swept included. */
    int count();
}
