package org.xiangtu.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkGateTest {

    @Test
    void at_most_the_given_number_run_at_once_and_the_rest_wait_their_turn() throws Exception {
        WorkGate gate = new WorkGate("t", 2, 20, 10_000);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                done.add(pool.submit(() -> gate.run(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    sleep(20);
                    running.decrementAndGet();
                    return n;
                })));
            }
            for (int i = 0; i < 12; i++) {
                assertThat(done.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i);
            }
            assertThat(most.get()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_full_waiting_line_is_refused_at_once_and_a_long_wait_after_the_budget() throws Exception {
        WorkGate gate = new WorkGate("t", 1, 1, 200);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Object> holder = pool.submit(() -> gate.run(() -> {
                inside.countDown();
                await(release);
                return null;
            }));
            inside.await();
            Future<Object> waiter = pool.submit(() -> gate.run(() -> null));
            while (gate.waiting() < 1) {
                Thread.onSpinWait();
            }
            assertThatThrownBy(() -> gate.run(() -> null)).isInstanceOf(WorkGate.BusyException.class)
                    .hasMessageContaining("waiting line is full"); // refused before waiting, not after 200 ms
            assertThat(catchBusy(waiter)).as("the waiter's turn never came within 200 ms").isTrue();
            release.countDown();
            holder.get(5, TimeUnit.SECONDS);
            assertThat(gate.run(() -> "free again")).isEqualTo("free again");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static boolean catchBusy(Future<Object> f) throws InterruptedException {
        try {
            f.get(5, TimeUnit.SECONDS);
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() instanceof WorkGate.BusyException;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
