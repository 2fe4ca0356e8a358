package org.xiangtu.store;

import java.time.Instant;

/**
 * A signed-in session as the store holds it: hashes only, never the session token (the cookie) nor
 * the CSRF token themselves, so a copy of the store lets nobody act as a user.
 *
 * @param tokenHash SHA-256 of the session token, 64 lower-case hex digits; the key
 * @param user the user's exact name
 * @param role the role as its lower-case name ({@code leader}, {@code planner} or {@code admin})
 * @param csrfHash SHA-256 of the session's CSRF token, 64 lower-case hex digits
 * @param createdAt when the user signed in (UTC)
 * @param lastSeen the last request, to within {@link SessionStore#TOUCH_EVERY} (UTC)
 */
public record StoredSession(String tokenHash, String user, String role, String csrfHash, Instant createdAt,
        Instant lastSeen) {
}
