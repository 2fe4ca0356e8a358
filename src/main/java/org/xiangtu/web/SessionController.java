package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.xiangtu.account.AuditLog;
import org.xiangtu.account.PasswordHasher;
import org.xiangtu.account.RateLimitAudit;
import org.xiangtu.account.Sessions;
import org.xiangtu.account.SignInLimiter;
import org.xiangtu.account.User;
import org.xiangtu.account.Users;
import org.xiangtu.store.AuditEntry;

/** Sign-in ({@code POST /api/session}), who am I ({@code GET}) and sign-out ({@code DELETE}). */
public final class SessionController implements AutoCloseable {
    /**
     * Password checks run at once, whoever asks: each holds 19 MiB of heap while it runs, and the
     * limiter's gates are per name and address, so many addresses at once (a botnet, an IPv6 prefix)
     * would otherwise run one check each — 50 of them filled a 512 MB heap.
     */
    static final int CHECKS_AT_ONCE = 4;
    /** How long a sign-in waits for a check to free up before it is answered 503. */
    static final long CHECK_WAIT_MS = 10_000;
    /** Sign-ins that may wait for a check; beyond them a sign-in is answered 503 at once, not parked. */
    static final int MAX_WAITING = 16;
    private final Users users;
    private final Sessions sessions;
    private final SignInLimiter limiter;
    private final AuditLog audit;
    private final RateLimitAudit rateLimited;
    private final Semaphore checks = new Semaphore(CHECKS_AT_ONCE, true);

    public SessionController(Users users, Sessions sessions, SignInLimiter limiter, AuditLog audit,
            RateLimitAudit rateLimited) {
        this.users = users;
        this.sessions = sessions;
        this.limiter = limiter;
        this.audit = audit;
        this.rateLimited = rateLimited;
    }

    /**
     * Signs in. The limiter's slot is taken before the (slow) password check and given back after it,
     * so parallel attempts cannot pass a limit; a refused attempt is counted into {@link RateLimitAudit},
     * not written to the audit log one by one.
     */
    public void signIn(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        String name = Bodies.text(body, "name", 200);
        String password = Bodies.secret(body, "password", 1024);
        String address = ctx.ip();
        try (SignInLimiter.Attempt attempt = limiter.begin(name, address)) {
            if (!attempt.isAllowed()) {
                long seconds = Math.max(1, (attempt.waitFor().toMillis() + 999) / 1000);
                rateLimited.refused(name, address);
                throw new ProblemException(429, "name", "Too many failed sign-ins; try again in " + seconds + " s.",
                        Map.of("Retry-After", String.valueOf(seconds)));
            }
            Optional<User> user = users.find(name);
            if (!check(password, user.map(User::passwordHash).orElse(null))) {
                attempt.failed();
                audit.record(AuditEntry.of(name, address, "sign-in", name, "denied", null));
                throw new ProblemException(401, "password", "The user name or the password is wrong.");
            }
            attempt.succeeded();
            CurrentUser.session(ctx).ifPresent(old -> sessions.end(old.id())); // a fresh id at every sign-in
            Sessions.Session s = sessions.start(user.get().name(), user.get().role());
            Security.setCookie(ctx, s.id());
            audit.record(AuditEntry.of(s.user(), address, "sign-in", s.user(), "ok", null));
            Json.write(ctx, describe(s));
        }
    }

    /** The password check, at most {@link #CHECKS_AT_ONCE} at a time; 503 when none frees up in time. */
    private boolean check(String password, String hash) {
        if (checks.availablePermits() == 0 && checks.getQueueLength() >= MAX_WAITING) {
            throw new ProblemException(503, null, "Too many sign-ins at once; try again in a moment.",
                    Map.of("Retry-After", "1"));
        }
        try {
            if (!checks.tryAcquire(CHECK_WAIT_MS, TimeUnit.MILLISECONDS)) {
                throw new ProblemException(503, null, "Too many sign-ins at once; try again in a moment.",
                        Map.of("Retry-After", "1"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, null, "The sign-in was interrupted; try again.");
        }
        try {
            return PasswordHasher.verify(password, hash);
        } finally {
            checks.release();
        }
    }

    /** Writes the pending counts of refused sign-ins to the audit log now (also done every minute). */
    public void flushAudit() {
        rateLimited.flush();
    }

    /** Stops the background audit writer, writing what is pending (before the store closes). */
    @Override
    public void close() {
        rateLimited.close();
    }

    public void whoAmI(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, CurrentUser.session(ctx).map(SessionController::describe)
                .orElseGet(() -> Map.of("signedIn", false, "role", "public")));
    }

    public void signOut(Context ctx) {
        CurrentUser.session(ctx).ifPresent(s -> {
            sessions.end(s.id());
            audit.record(AuditEntry.of(s.user(), ctx.ip(), "sign-out", s.user(), "ok", null));
        });
        Security.clearCookie(ctx);
        ctx.status(204);
    }

    private static Map<String, Object> describe(Sessions.Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signedIn", true);
        m.put("name", s.user());
        m.put("role", s.role().name().toLowerCase(java.util.Locale.ROOT));
        m.put("csrf", s.csrf());
        return m;
    }
}
