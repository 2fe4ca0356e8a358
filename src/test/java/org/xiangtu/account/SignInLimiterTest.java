package org.xiangtu.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sign-in limiter's gates, on a clock the test moves. */
class SignInLimiterTest {

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2024-05-01T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();
    final SignInLimiter limiter = SignInLimiter.standard(clock);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            SignInLimiter.Attempt a = limiter.begin(user, address);
            assertThat(a.isAllowed()).as("attempt %d of %s at %s", i + 1, user, address).isTrue();
            a.failed();
        }
    }

    /** Waits as long as the limiter says, then fails once; returns how long it waited in all. */
    private Duration failAfterWaiting(String user, String address) {
        Duration waited = Duration.ZERO;
        while (true) {
            SignInLimiter.Attempt a = limiter.begin(user, address);
            if (a.isAllowed()) {
                a.failed();
                return waited;
            }
            waited = waited.plus(a.waitFor());
            clock.advance(a.waitFor());
        }
    }

    /** How long the limiter would have this attempt wait (an allowed attempt is given back). */
    private Duration waitFor(String user, String address) {
        try (SignInLimiter.Attempt a = limiter.begin(user, address)) {
            return a.waitFor();
        }
    }

    private void succeed(String user, String address) {
        SignInLimiter.Attempt a = limiter.begin(user, address);
        assertThat(a.isAllowed()).isTrue();
        a.succeeded();
    }

    @Test
    void parallel_attempts_take_slots_so_no_more_passwords_are_checked_than_the_limits_allow() {
        List<SignInLimiter.Attempt> running = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            running.add(limiter.begin("victim", "10.0.0.9"));
        }
        assertThat(running.stream().filter(SignInLimiter.Attempt::isAllowed)).hasSize(5);
        running.forEach(SignInLimiter.Attempt::failed);
        assertThat(limiter.begin("victim", "10.0.0.9").isAllowed()).isFalse();

        List<SignInLimiter.Attempt> sprayed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sprayed.add(limiter.begin("user" + i, "10.0.0.10"));
        }
        assertThat(sprayed.stream().filter(SignInLimiter.Attempt::isAllowed)).hasSize(20);
        sprayed.forEach(SignInLimiter.Attempt::close); // ended without counting: slots come back
        assertThat(limiter.begin("user0", "10.0.0.10").isAllowed()).isTrue();
    }

    @Test
    void five_failures_lock_the_pair_for_a_minute_then_ever_longer_up_to_an_hour() {
        fail("victim", "10.0.0.1", 5);
        SignInLimiter.Attempt refused = limiter.begin("victim", "10.0.0.1");
        assertThat(refused.isAllowed()).isFalse();
        assertThat(refused.waitFor()).isEqualTo(Duration.ofMinutes(1));
        List<Duration> locks = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            failAfterWaiting("victim", "10.0.0.1");
            locks.add(waitFor("victim", "10.0.0.1"));
        }
        assertThat(locks).extracting(Duration::toMinutes).containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L, 60L);
    }

    @Test
    void a_success_clears_the_pair() {
        fail("guihua", "10.0.0.2", 4);
        succeed("guihua", "10.0.0.2");
        fail("guihua", "10.0.0.2", 4);
        assertThat(limiter.begin("guihua", "10.0.0.2").isAllowed()).isTrue();
    }

    @Test
    void failures_elsewhere_never_lock_the_usual_address_nor_a_fresh_one() {
        succeed("victim", "10.0.0.1");
        for (int i = 0; i < 30; i++) { // a guesser with 30 addresses, 5 wrong passwords each
            String address = "172.16.0." + i;
            for (int k = 0; k < 5; k++) {
                assertThat(failAfterWaiting("victim", address)).isLessThanOrEqualTo(Duration.ofSeconds(30));
            }
        }
        SignInLimiter.Attempt usual = limiter.begin("victim", "10.0.0.1");
        assertThat(usual.isAllowed()).isTrue();
        usual.succeeded();
        assertThat(waitFor("victim", "172.16.0.29")).isEqualTo(Duration.ofMinutes(1)); // the guesser's last address is locked
        // a fresh address is slowed, never locked: at most 30 s
        Duration fresh = waitFor("victim", "192.168.5.5");
        assertThat(fresh).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
        clock.advance(fresh);
        assertThat(limiter.begin("victim", "192.168.5.5").isAllowed()).isTrue();
    }

    @Test
    void a_few_failures_elsewhere_do_not_even_slow_a_fresh_address() {
        fail("victim", "172.16.0.1", 5);
        assertThat(limiter.begin("victim", "172.16.0.1").isAllowed()).isFalse();
        assertThat(limiter.begin("victim", "10.0.0.1").isAllowed()).isTrue();
    }

    @Test
    void one_address_gets_twenty_failures_in_fifteen_minutes_whatever_the_names() {
        for (int i = 0; i < 20; i++) {
            fail("name" + i, "10.0.0.3", 1);
        }
        SignInLimiter.Attempt refused = limiter.begin("name99", "10.0.0.3");
        assertThat(refused.isAllowed()).isFalse();
        assertThat(refused.waitFor()).isEqualTo(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(15));
        assertThat(limiter.begin("name99", "10.0.0.3").isAllowed()).isTrue();
    }

    @Test
    void an_ipv6_address_counts_by_its_slash_64() {
        for (int i = 0; i < 20; i++) {
            fail("name" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1), 1);
        }
        assertThat(limiter.begin("name99", "2001:db8:1:2:ffff::1").isAllowed()).isFalse();
        assertThat(limiter.begin("name99", "2001:db8:1:3::1").isAllowed()).isTrue();
    }

    @Test
    void a_known_good_address_passes_the_address_limit_but_not_its_own_lock() {
        succeed("lingdao", "10.0.0.4");
        for (int i = 0; i < 20; i++) {
            fail("name" + i, "10.0.0.4", 1);
        }
        assertThat(limiter.begin("other", "10.0.0.4").isAllowed()).isFalse();
        fail("lingdao", "10.0.0.4", 5);
        assertThat(limiter.begin("lingdao", "10.0.0.4").isAllowed()).isFalse();
    }

    @Test
    void every_map_stays_bounded_under_a_flood_of_names_and_addresses() {
        SignInLimiter small = new SignInLimiter(new SignInLimiter.Limits(5, Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofHours(24), 20, Duration.ofMinutes(15), 10, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofDays(30), 100), clock);
        for (int i = 0; i < 20_000; i++) {
            SignInLimiter.Attempt a = small.begin("n" + i, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
            if (a.isAllowed()) {
                if (i % 3 == 0) {
                    a.succeeded();
                } else {
                    a.failed();
                }
            }
        }
        assertThat(small.size()).isLessThanOrEqualTo(400);
    }
}
