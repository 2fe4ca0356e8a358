package org.xiangtu.account;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.xiangtu.catalog.Role;

/**
 * Signed-in sessions, kept in memory: a random 256-bit id (the cookie) maps to the user, the role
 * and the session's CSRF token. A session ends at sign-out, after {@link #IDLE} without a request,
 * after {@link #MAX_AGE} in all, or when the server restarts (users sign in again). Removing or
 * changing a user's password ends that user's sessions.
 */
public final class Sessions {
    public static final Duration IDLE = Duration.ofHours(2);
    public static final Duration MAX_AGE = Duration.ofHours(12);
    /** Sessions one user may hold at once (browsers, phones); a new sign-in ends the least recently used. */
    public static final int MAX_PER_USER = 20;
    /** Sessions the server holds at once; at the limit a new sign-in ends the least recently used session. */
    public static final int MAX_TOTAL = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One session. {@code csrf} must accompany every write (header {@code X-CSRF-Token}). */
    public record Session(String id, String user, Role role, String csrf, Instant created, Instant lastSeen) {
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Clock clock;

    public Sessions(Clock clock) {
        this.clock = clock;
    }

    public Session start(String user, Role role) {
        prune();
        Instant now = clock.instant();
        Session s = new Session(token(), user, role, token(), now, now);
        synchronized (this) { // bounded: a sign-in loop cannot grow the map
            evictLeastRecent(byId.values().stream().filter(x -> x.user().equals(user)).toList(), MAX_PER_USER - 1);
            evictLeastRecent(List.copyOf(byId.values()), MAX_TOTAL - 1);
            byId.put(s.id(), s);
        }
        return s;
    }

    /** The live session with this id, touched; empty if unknown or expired. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.isAfter(s.lastSeen().plus(IDLE)) || now.isAfter(s.created().plus(MAX_AGE))) {
            byId.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(s.id(), s.user(), s.role(), s.csrf(), s.created(), now);
        byId.replace(id, s, touched);
        return Optional.of(touched);
    }

    /** Whether the session is live, without touching it (a long event stream must not keep it alive). */
    public boolean isLive(String id) {
        Session s = id == null ? null : byId.get(id);
        Instant now = clock.instant();
        return s != null && !now.isAfter(s.lastSeen().plus(IDLE)) && !now.isAfter(s.created().plus(MAX_AGE));
    }

    public void end(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Ends every session of a user (removed, or password changed). */
    public void endAll(String user) {
        byId.values().removeIf(s -> s.user().equals(user));
    }

    public int size() {
        return byId.size();
    }

    private void evictLeastRecent(List<Session> among, int keep) {
        if (among.size() > keep) {
            among.stream().sorted(java.util.Comparator.comparing(Session::lastSeen))
                    .limit(among.size() - keep).forEach(x -> byId.remove(x.id()));
        }
    }

    private void prune() {
        Instant now = clock.instant();
        byId.values().removeIf(s -> now.isAfter(s.lastSeen().plus(IDLE)) || now.isAfter(s.created().plus(MAX_AGE)));
    }

    static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
