package org.xiangtu.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed sign-ins: at most {@code perUser} failures per user name and {@code perAddress}
 * per client address within a sliding {@code window}. Once a key is over its limit, every attempt
 * on it is refused (even with the right password) until its oldest failure leaves the window, so
 * guessing costs time whichever name or address is used. A success clears the user's failures.
 */
public final class SignInLimiter {
    private final int perUser;
    private final int perAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public SignInLimiter(int perUser, int perAddress, Duration window, Clock clock) {
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.window = window;
        this.clock = clock;
    }

    /** The limits the server uses: 5 failures per user, 20 per address, in 15 minutes. */
    public static SignInLimiter standard(Clock clock) {
        return new SignInLimiter(5, 20, Duration.ofMinutes(15), clock);
    }

    /** Zero if an attempt may go ahead, else how long to wait. */
    public Duration wait(String user, String address) {
        Duration a = wait("u:" + user, perUser);
        Duration b = wait("a:" + address, perAddress);
        return a.compareTo(b) >= 0 ? a : b;
    }

    public void failed(String user, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {"u:" + user, "a:" + address}) {
            failures.compute(key, (k, q) -> {
                Deque<Instant> d = q == null ? new ArrayDeque<>() : q;
                d.addLast(now);
                return d;
            });
        }
        if (failures.size() > 100_000) {
            failures.entrySet().removeIf(e -> expired(e.getValue(), now));
        }
    }

    public void succeeded(String user) {
        failures.remove("u:" + user);
    }

    private Duration wait(String key, int limit) {
        Instant now = clock.instant();
        Deque<Instant> d = failures.computeIfPresent(key, (k, q) -> {
            while (!q.isEmpty() && !q.peekFirst().plus(window).isAfter(now)) {
                q.pollFirst();
            }
            return q.isEmpty() ? null : q;
        });
        if (d == null || d.size() < limit) {
            return Duration.ZERO;
        }
        synchronized (d) {
            Instant oldest = d.peekFirst();
            return oldest == null ? Duration.ZERO : Duration.between(now, oldest.plus(window));
        }
    }

    private boolean expired(Deque<Instant> d, Instant now) {
        Instant last = d.peekLast();
        return last == null || !last.plus(window).isAfter(now);
    }
}
