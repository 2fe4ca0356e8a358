package org.xiangtu.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.LoggerFactory;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.SessionStore;
import org.xiangtu.store.StoredSession;

/**
 * Signed-in sessions: a random 256-bit token (the cookie) names the user, the role and the
 * session's CSRF token. The rows live in a {@link SessionStore}, so sessions outlive a restart of
 * the server and are shared by every server on one store; the store holds only the SHA-256 of the
 * token and of the CSRF token. The CSRF token is derived from the session token (HMAC-SHA256 keyed
 * by it), so the server can give it again after a restart without keeping it. A session ends at
 * sign-out, after {@link #IDLE} without a request, after {@link #MAX_AGE} in all, or when its user
 * is removed or changes password ({@link #endAll}). A request marks the session seen at most once a
 * {@linkplain SessionStore#TOUCH_EVERY minute}, so the idle time is measured to the minute.
 */
public final class Sessions {
    public static final Duration IDLE = Duration.ofHours(2);
    public static final Duration MAX_AGE = Duration.ofHours(12);
    /** Sessions one user may hold at once (browsers, phones); a new sign-in ends the least recently used. */
    public static final int MAX_PER_USER = 20;
    /** Sessions the server holds at once; at the limit a new sign-in ends the least recently used session. */
    public static final int MAX_TOTAL = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CSRF_LABEL = "xiangtu csrf".getBytes(StandardCharsets.US_ASCII);

    /**
     * One session. {@code id} is the token the cookie carries; {@code csrf} must accompany every
     * write (header {@code X-CSRF-Token}); {@code lastSeen} is as stored (to the minute).
     */
    public record Session(String id, String user, Role role, String csrf, Instant created, Instant lastSeen) {
    }

    private final SessionStore store;
    private final Clock clock;

    public Sessions(SessionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Starts a session for the user, ending expired sessions and, at a limit, the least recently used. */
    public Session start(String user, Role role) {
        Instant now = clock.instant();
        store.sweep(now.minus(IDLE), now.minus(MAX_AGE));
        String id = token();
        String csrf = csrf(id);
        store.create(new StoredSession(hash(id), user, role.name().toLowerCase(Locale.ROOT), hash(csrf), now, now),
                MAX_PER_USER, MAX_TOTAL);
        return new Session(id, user, role, csrf, now, now);
    }

    /** The live session with this id, marked seen; empty if unknown or expired. */
    public Optional<Session> find(String id) {
        Optional<Session> s = live(id, true);
        if (s.isEmpty()) {
            return s;
        }
        Instant now = clock.instant();
        Session found = s.get();
        if (now.isBefore(found.lastSeen().plus(SessionStore.TOUCH_EVERY))) {
            return s; // seen within the minute: a read stays a read
        }
        store.touch(hash(id), now);
        return Optional.of(new Session(id, found.user(), found.role(), found.csrf(), found.created(), now));
    }

    /**
     * Whether the session is live, without touching it (a long event stream must not keep it alive).
     * False also when the store cannot answer: the event stream asking then hears nothing private.
     */
    public boolean isLive(String id) {
        try {
            return live(id, false).isPresent();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Sessions.class).warn("could not check a session, so it is taken as ended: {}",
                    e.toString());
            return false;
        }
    }

    /** The session if it is live; an expired one is ended when {@code endExpired}. */
    private Optional<Session> live(String id, boolean endExpired) {
        if (id == null || id.isEmpty() || id.length() > 200) {
            return Optional.empty();
        }
        String hash = hash(id);
        Optional<StoredSession> row = store.find(hash);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        StoredSession s = row.get();
        Instant now = clock.instant();
        if (now.isAfter(s.lastSeen().plus(IDLE)) || now.isAfter(s.createdAt().plus(MAX_AGE))) {
            if (endExpired) {
                store.delete(hash);
            }
            return Optional.empty();
        }
        String csrf = csrf(id);
        Optional<Role> role = Users.role(s.role());
        if (role.isEmpty() || !MessageDigest.isEqual(hash(csrf).getBytes(StandardCharsets.US_ASCII),
                s.csrfHash().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty(); // not a row this code wrote for this token
        }
        return Optional.of(new Session(id, s.user(), role.get(), csrf, s.createdAt(), s.lastSeen()));
    }

    public void end(String id) {
        if (id != null) {
            store.delete(hash(id));
        }
    }

    /** Ends every session of a user (removed, or password changed); how many there were. */
    public int endAll(String user) {
        return store.deleteAll(user);
    }

    /** Sessions held, expired ones not yet swept included. */
    public int size() {
        return store.count();
    }

    static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** SHA-256 of the text (UTF-8), as 64 lower-case hex digits: what the store keeps of a token. */
    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /** The session's CSRF token: HMAC-SHA256 keyed by the session token, so only its holder can know it. */
    static String csrf(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(id.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(CSRF_LABEL));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
        }
    }
}
