package org.xiangtu.service;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code atOnce} runs of some costly work at a time (a password check, a geometry computation a
 * client can vary freely), at most {@code maxWaiting} callers waiting for a turn, none waiting longer than
 * {@code waitMs}: beyond that the caller is refused with {@link BusyException} (answered 503 with
 * {@code Retry-After}), so a flood of such requests costs a bounded number of threads and cores. Fair: turns
 * go in arrival order. Thread-safe.
 */
public final class WorkGate {
    private final String name;
    private final Semaphore permits;
    /** Callers inside {@link #run} that are running or waiting: at most atOnce + maxWaiting, exactly. */
    private final java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
    private final int atOnce;
    private final int maxWaiting;
    private final long waitMs;

    public WorkGate(String name, int atOnce, int maxWaiting, long waitMs) {
        if (atOnce < 1 || maxWaiting < 0 || waitMs < 0) {
            throw new IllegalArgumentException("atOnce >= 1, maxWaiting >= 0, waitMs >= 0");
        }
        this.name = name;
        this.permits = new Semaphore(atOnce, true);
        this.atOnce = atOnce;
        this.maxWaiting = maxWaiting;
        this.waitMs = waitMs;
    }

    /**
     * Runs the work in a turn.
     *
     * @throws BusyException when the waiting line is full, no turn came within the wait, or the caller was
     *     interrupted while waiting (the work did not run)
     */
    public <T> T run(Supplier<T> work) {
        if (inside.incrementAndGet() > atOnce + maxWaiting) {
            inside.decrementAndGet();
            throw new BusyException(name, "the waiting line is full");
        }
        try {
            try {
                if (!permits.tryAcquire(waitMs, TimeUnit.MILLISECONDS)) {
                    throw new BusyException(name, "no turn within " + waitMs + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BusyException(name, "interrupted while waiting");
            }
            try {
                return work.get();
            } finally {
                permits.release();
            }
        } finally {
            inside.decrementAndGet();
        }
    }

    /** Callers waiting for a turn now (for tests and operations). */
    public int waiting() {
        return permits.getQueueLength();
    }

    /** Too many callers want the same costly work at once; nothing was done. The web layer answers 503. */
    public static final class BusyException extends RuntimeException {
        private final String gate;

        BusyException(String gate, String why) {
            super(gate + ": " + why, null, false, false);
            this.gate = gate;
        }

        /** Which work was refused ("sign-in", "dashboard-reach"). */
        public String gate() {
            return gate;
        }
    }
}
