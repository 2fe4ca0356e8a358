package org.xiangtu.account;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xiangtu.config.AddressRanges;

/**
 * Limits password guessing without letting a guesser lock real users out.
 *
 * <p>Every attempt first takes a slot ({@link #begin}); the slot counts as a failure until the
 * password check ends, so parallel attempts cannot slip past a limit (20 at once from one address
 * check at most the few passwords the limits allow). Three gates, all checked and taken under one lock:
 * <ol>
 * <li><b>User at address</b>: after {@code perUserAddress} (5) failures in a row for a user name from
 * one address, that pair is locked for {@code lockBase} (1 min), doubling with every further failure
 * up to {@code lockMax} (1 h); one attempt at a time once the lock has passed. A success clears it;
 * failures are forgotten {@code forget} (24 h) after the last one. Failures elsewhere never lock this pair.
 * <li><b>Address</b>: at most {@code perAddress} (20) failures from one address (IPv6: one /64) in a
 * sliding {@code addressWindow} (15 min), whatever the names.
 * <li><b>User everywhere</b>: failures for a user name from all addresses together, forgotten
 * {@code addressWindow} after the last one; past {@code userSlowAfter} (10) of them, attempts are
 * spaced by a delay starting at {@code userDelayBase} (1 s) and doubling up to {@code userDelayMax}
 * (30 s): a guesser with many addresses is slowed, nobody is locked out.
 * </ol>
 * An address the user has signed in from before (a <em>known-good</em> pair, remembered {@code
 * rememberGood}, 30 days, while the server runs) passes the second and third gate: only its own
 * failures can stop it. So a user at their usual desk signs in during an attack from elsewhere, and an
 * address without failures is never locked by failures elsewhere (at most slowed by the third gate).
 *
 * <p>Every map is bounded ({@code maxEntries} each, least recently used dropped first) and each entry
 * is small: a name (at most 200 characters, checked by the caller), an address, a few counters and at
 * most {@code perAddress} instants. Entries are made only by attempts the gates let through.
 */
public final class SignInLimiter {

    /** The limits; see the class comment. */
    public record Limits(int perUserAddress, Duration lockBase, Duration lockMax, Duration forget, int perAddress,
            Duration addressWindow, int userSlowAfter, Duration userDelayBase, Duration userDelayMax,
            Duration rememberGood, int maxEntries) {
    }

    /** The limits the server uses. */
    public static final Limits STANDARD = new Limits(5, Duration.ofMinutes(1), Duration.ofHours(1),
            Duration.ofHours(24), 20, Duration.ofMinutes(15), 10, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofDays(30), 10_000);

    /** How long to wait when another attempt on the same locked-then-released pair is still running. */
    static final Duration BUSY = Duration.ofSeconds(1);

    private static final class Pair {
        int failures;
        Instant lastFailure;
        Instant lockedUntil = Instant.MIN;
        int inFlight;
    }

    private static final class Address {
        final Deque<Instant> failures = new ArrayDeque<>();
        int inFlight;
    }

    private static final class User {
        int failures;
        Instant lastFailure;
        Instant lastStart = Instant.MIN;
        int inFlight;
    }

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Pair> pairs;
    private final Map<String, Address> addresses;
    private final Map<String, User> users;
    private final Map<String, Instant> good;

    public SignInLimiter(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.pairs = lru(limits.maxEntries());
        this.addresses = lru(limits.maxEntries());
        this.users = lru(limits.maxEntries());
        this.good = lru(limits.maxEntries());
    }

    /** The limits the server uses ({@link #STANDARD}). */
    public static SignInLimiter standard(Clock clock) {
        return new SignInLimiter(STANDARD, clock);
    }

    /**
     * Takes an attempt slot for this name from this address, or says how long to wait. The caller must
     * end an allowed attempt with {@link Attempt#failed}, {@link Attempt#succeeded} or (on any other
     * outcome, e.g. the store failed) {@link Attempt#close}; try-with-resources does the last.
     */
    public synchronized Attempt begin(String user, String address) {
        Instant now = clock.instant();
        String where = addressKey(address);
        String pairKey = user + "\n" + where;
        Instant goodSince = good.get(pairKey);
        boolean known = goodSince != null && goodSince.plus(limits.rememberGood()).isAfter(now);
        if (goodSince != null && !known) {
            good.remove(pairKey);
        }
        Pair p = pairs.get(pairKey);
        if (p != null && p.inFlight == 0 && p.lastFailure != null
                && !p.lastFailure.plus(limits.forget()).isAfter(now) && !p.lockedUntil.isAfter(now)) {
            pairs.remove(pairKey);
            p = null;
        }
        Duration wait = Duration.ZERO;
        if (p != null) {
            if (p.lockedUntil.isAfter(now)) {
                wait = max(wait, Duration.between(now, p.lockedUntil));
            } else if (p.failures + p.inFlight >= limits.perUserAddress() && p.inFlight > 0) {
                wait = max(wait, BUSY);
            }
        }
        Address a = null;
        User u = null;
        if (!known) {
            a = addresses.get(where);
            if (a != null) {
                prune(a, now);
                if (a.failures.size() + a.inFlight >= limits.perAddress()) {
                    Instant oldest = a.failures.peekFirst();
                    wait = max(wait, oldest == null ? BUSY : Duration.between(now, oldest.plus(limits.addressWindow())));
                }
            }
            u = users.get(user);
            if (u != null) {
                if (u.inFlight == 0 && u.lastFailure != null
                        && !u.lastFailure.plus(limits.addressWindow()).isAfter(now)) {
                    u.failures = 0;
                }
                Duration delay = userDelay(u.failures + u.inFlight);
                Instant next = u.lastStart.equals(Instant.MIN) ? now : u.lastStart.plus(delay);
                if (next.isAfter(now)) {
                    wait = max(wait, Duration.between(now, next));
                }
            }
        }
        if (!wait.isZero()) {
            return new Attempt(this, wait, null, null, null, null);
        }
        if (p == null) {
            p = new Pair();
            pairs.put(pairKey, p);
        }
        p.inFlight++;
        if (!known) {
            if (a == null) {
                a = new Address();
                addresses.put(where, a);
            }
            a.inFlight++;
            if (u == null) {
                u = new User();
                users.put(user, u);
            }
            u.inFlight++;
            u.lastStart = now;
        }
        return new Attempt(this, Duration.ZERO, pairKey, p, a, u);
    }

    /** Whether the limiter has this address down as one the user signed in from (for tests and the audit). */
    public synchronized boolean isKnownGood(String user, String address) {
        Instant since = good.get(user + "\n" + addressKey(address));
        return since != null && since.plus(limits.rememberGood()).isAfter(clock.instant());
    }

    /** How many entries the limiter holds in all (each map is bounded by {@code maxEntries}). */
    public synchronized int size() {
        return pairs.size() + addresses.size() + users.size() + good.size();
    }

    private Duration userDelay(int failures) {
        int over = failures - limits.userSlowAfter();
        if (over < 0) {
            return Duration.ZERO;
        }
        long ms = limits.userDelayBase().toMillis() << Math.min(over, 30);
        return Duration.ofMillis(Math.min(ms, limits.userDelayMax().toMillis()));
    }

    private synchronized void end(Attempt t, Boolean success) {
        Instant now = clock.instant();
        t.pair.inFlight--;
        if (t.address != null) {
            t.address.inFlight--;
        }
        if (t.user != null) {
            t.user.inFlight--;
        }
        if (success == null) {
            return;
        }
        if (success) {
            t.pair.failures = 0;
            t.pair.lockedUntil = Instant.MIN;
            good.put(t.pairKey, now);
            return;
        }
        t.pair.failures++;
        t.pair.lastFailure = now;
        int over = t.pair.failures - limits.perUserAddress();
        if (over >= 0) {
            long ms = limits.lockBase().toMillis() << Math.min(over, 30);
            t.pair.lockedUntil = now.plusMillis(Math.min(ms, limits.lockMax().toMillis()));
        }
        if (t.address != null) {
            prune(t.address, now);
            t.address.failures.addLast(now);
            while (t.address.failures.size() > limits.perAddress()) {
                t.address.failures.pollFirst();
            }
        }
        if (t.user != null) {
            t.user.failures++;
            t.user.lastFailure = now;
        }
    }

    private void prune(Address a, Instant now) {
        while (!a.failures.isEmpty() && !a.failures.peekFirst().plus(limits.addressWindow()).isAfter(now)) {
            a.failures.pollFirst();
        }
    }

    /**
     * The address as the limiter counts it: an IPv6 address by its /64 (one subscriber's network, which
     * has 2^64 addresses to choose from). Also how {@code /events} counts streams per address.
     */
    public static String addressKey(String address) {
        return AddressRanges.literal(address).map(SignInLimiter::key).orElse(String.valueOf(address));
    }

    private static String key(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            s.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
        }
        return s.append(":/64").toString();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    /** One attempt: allowed (holding a slot until it ends) or refused with the time to wait. */
    public static final class Attempt implements AutoCloseable {
        private final SignInLimiter limiter;
        private final Duration wait;
        private final String pairKey;
        private final Pair pair;
        private final Address address;
        private final User user;
        private boolean ended;

        private Attempt(SignInLimiter limiter, Duration wait, String pairKey, Pair pair, Address address, User user) {
            this.limiter = limiter;
            this.wait = wait;
            this.pairKey = pairKey;
            this.pair = pair;
            this.address = address;
            this.user = user;
            this.ended = pair == null;
        }

        public boolean isAllowed() {
            return pair != null;
        }

        /** How long to wait before trying again (zero when allowed). */
        public Duration waitFor() {
            return wait;
        }

        /** The password was wrong (or the user unknown). */
        public void failed() {
            end(false);
        }

        /** The password was right. */
        public void succeeded() {
            end(true);
        }

        /** Gives the slot back without counting, unless the attempt was already counted. */
        @Override
        public void close() {
            end(null);
        }

        private void end(Boolean success) {
            if (!ended) {
                ended = true;
                limiter.end(this, success);
            }
        }
    }
}
