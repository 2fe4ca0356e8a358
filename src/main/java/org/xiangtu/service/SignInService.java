package org.xiangtu.service;

import java.util.Optional;
import org.xiangtu.account.AuditLog;
import org.xiangtu.account.PasswordHasher;
import org.xiangtu.account.RateLimitAudit;
import org.xiangtu.account.Sessions;
import org.xiangtu.account.SignInLimiter;
import org.xiangtu.account.User;
import org.xiangtu.account.Users;
import org.xiangtu.store.AuditEntry;

/**
 * Signing in: the limiter's slot is taken before the (slow) password check and given back after it, so
 * parallel attempts cannot pass a limit; a refused attempt is counted into {@link RateLimitAudit}, not
 * written to the audit log one by one; a denied one is audited; a successful one ends the caller's
 * previous session (a fresh id at every sign-in) and starts a new one. Password checks pass a
 * {@link WorkGate}: each holds 19 MiB of heap while it runs, and the limiter's gates are per name and
 * address, so many addresses at once (a botnet, an IPv6 prefix) would otherwise run one check each — 50 of
 * them filled a 512 MB heap.
 */
public final class SignInService implements AutoCloseable {
    /** Password checks run at once, whoever asks. */
    public static final int CHECKS_AT_ONCE = 4;
    /** How long a sign-in waits for a check to free up before it is refused (503). */
    static final long CHECK_WAIT_MS = 10_000;
    /** Sign-ins that may wait for a check; beyond them a sign-in is refused at once, not parked. */
    public static final int MAX_WAITING = 16;

    /** Too many failed sign-ins for this name or address: try again after {@code retryAfterSeconds}. */
    public static final class TooManyAttempts extends RuntimeException {
        private final long retryAfterSeconds;

        TooManyAttempts(long retryAfterSeconds) {
            super("Too many failed sign-ins; try again in " + retryAfterSeconds + " s.", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** The name or the password is wrong (which one is not said). */
    public static final class Denied extends RuntimeException {
        Denied() {
            super("The user name or the password is wrong.", null, false, false);
        }
    }

    private final Users users;
    private final Sessions sessions;
    private final SignInLimiter limiter;
    private final AuditLog audit;
    private final RateLimitAudit rateLimited;
    private final WorkGate checks = new WorkGate("sign-in", CHECKS_AT_ONCE, MAX_WAITING, CHECK_WAIT_MS);

    public SignInService(Users users, Sessions sessions, SignInLimiter limiter, AuditLog audit,
            RateLimitAudit rateLimited) {
        this.users = users;
        this.sessions = sessions;
        this.limiter = limiter;
        this.audit = audit;
        this.rateLimited = rateLimited;
    }

    /**
     * Signs {@code name} in from {@code address}, ending {@code previous} (the caller's session, if any).
     *
     * @throws TooManyAttempts when the limiter refuses the attempt (no password is checked)
     * @throws Denied when the name is unknown or the password wrong
     * @throws WorkGate.BusyException when too many password checks are waiting already
     */
    public Sessions.Session signIn(String name, String password, String address, Optional<Sessions.Session> previous) {
        try (SignInLimiter.Attempt attempt = limiter.begin(name, address)) {
            if (!attempt.isAllowed()) {
                rateLimited.refused(name, address);
                throw new TooManyAttempts(Math.max(1, (attempt.waitFor().toMillis() + 999) / 1000));
            }
            Optional<User> user = users.find(name);
            String hash = user.map(User::passwordHash).orElse(null);
            if (!checks.run(() -> PasswordHasher.verify(password, hash))) {
                attempt.failed();
                audit.record(AuditEntry.of(name, address, "sign-in", name, "denied", null));
                throw new Denied();
            }
            attempt.succeeded();
            previous.ifPresent(old -> sessions.end(old.id()));
            Sessions.Session s = sessions.start(user.get().name(), user.get().role());
            // `user passwd` or `user remove` may have run during the check: they change the user, then end its
            // sessions, so a session started before their end is ended by them and one started after is caught here
            if (!users.find(name).map(User::passwordHash).equals(Optional.ofNullable(hash))) {
                sessions.end(s.id());
                throw new Denied();
            }
            audit.record(AuditEntry.of(s.user(), address, "sign-in", s.user(), "ok", null));
            return s;
        }
    }

    /** Signs the session out, audited. */
    public void signOut(Sessions.Session s, String address) {
        sessions.end(s.id());
        audit.record(AuditEntry.of(s.user(), address, "sign-out", s.user(), "ok", null));
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
}
