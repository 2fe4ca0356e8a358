package org.xiangtu.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.xiangtu.store.AuditEntry;

/**
 * Refused (rate-limited) sign-ins, summed before they reach the audit log: a flood of them would
 * otherwise write a row each (a thousand a second from one address). Refusals are counted per name and
 * address and written as one {@code sign-in}/{@code rate-limited} entry per pair and {@link #PERIOD}
 * (at most once a minute), with {@code detail} {@code {"count", "first", "last"}}; {@code at} is the
 * first refusal. At most {@link #MAX_KEYS} pairs are counted between two writes; refusals of further
 * pairs are summed into one entry without name or address ({@code detail.otherPairs: true}). Pending
 * counts are written when the server stops.
 */
public final class RateLimitAudit implements AutoCloseable {
    static final int MAX_KEYS = 1_000;
    static final Duration PERIOD = Duration.ofMinutes(1);

    private record Key(String user, String address) {
    }

    private static final class Count {
        final Instant first;
        Instant last;
        long n;

        Count(Instant first) {
            this.first = first;
            this.last = first;
        }
    }

    private final AuditLog audit;
    private final Clock clock;
    private Map<Key, Count> counts = new LinkedHashMap<>();
    private Count other;
    private final ScheduledExecutorService writer;

    /** @param writeEveryPeriod write pending counts every {@link #PERIOD} in the background (false in unit tests) */
    public RateLimitAudit(AuditLog audit, Clock clock, boolean writeEveryPeriod) {
        this.audit = audit;
        this.clock = clock;
        if (writeEveryPeriod) {
            writer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "xiangtu-rate-limit-audit");
                t.setDaemon(true);
                return t;
            });
            writer.scheduleWithFixedDelay(this::flush, PERIOD.toSeconds(), PERIOD.toSeconds(), TimeUnit.SECONDS);
        } else {
            writer = null;
        }
    }

    /** Counts one refused sign-in. */
    public synchronized void refused(String user, String address) {
        Instant now = clock.instant();
        Count c = counts.get(new Key(user, address));
        if (c == null) {
            if (counts.size() < MAX_KEYS) {
                c = new Count(now);
                counts.put(new Key(user, address), c);
            } else {
                c = other == null ? (other = new Count(now)) : other;
            }
        }
        c.n++;
        c.last = now;
    }

    /** Writes the pending counts to the audit log, one entry per pair (and one for the rest). */
    public void flush() {
        Map<Key, Count> pending;
        Count rest;
        synchronized (this) {
            pending = counts;
            rest = other;
            counts = new LinkedHashMap<>();
            other = null;
        }
        try {
            for (Map.Entry<Key, Count> e : pending.entrySet()) {
                write(e.getKey().user(), e.getKey().address(), e.getValue(), false);
            }
            if (rest != null) {
                write(null, null, rest, true);
            }
        } catch (RuntimeException e) {
            // the store is away: the counts are lost rather than kept without bound
            LoggerFactory.getLogger(RateLimitAudit.class).warn("could not write rate-limited sign-ins to the audit log: {}",
                    e.toString());
        }
    }

    private void write(String user, String address, Count c, boolean otherPairs) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("count", c.n);
        detail.put("first", c.first.toString());
        detail.put("last", c.last.toString());
        if (otherPairs) {
            detail.put("otherPairs", true);
        }
        audit.record(new AuditEntry(0, c.first, user, address, "sign-in", user, "rate-limited",
                AuditLog.json(detail)));
    }

    /** Stops the background writer and writes what is pending. */
    @Override
    public void close() {
        if (writer != null) {
            writer.shutdownNow();
        }
        flush();
    }
}
