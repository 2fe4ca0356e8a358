package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.account.Sessions;
import org.xiangtu.catalog.Role;

/**
 * The {@link SessionStore} contract, run on every backend (GeoPackage, PostGIS, memory): rows are
 * kept as given and found by the token hash; {@code lastSeen} is written at most once a minute and
 * never moves back; expired rows go at a sweep (a fixed clock, today's two idle hours and twelve in
 * all); at a limit the least recently used go, and concurrent creates never pass it; a create that
 * fails at its last statement has ended no session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SessionStoreContract {
    /** The fixed clock of these tests; times are whole milliseconds, as every backend keeps them. */
    protected static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T08:00:00.000Z"), ZoneOffset.UTC);
    protected static final Instant T0 = CLOCK.instant();
    private static final Instant FAR = Instant.parse("2999-01-01T00:00:00Z");
    private static final AtomicLong SEQ = new AtomicLong();
    private WorkBackend backend;
    protected SessionStore sessions;

    /** A fresh backend. */
    protected abstract WorkBackend open() throws Exception;

    @BeforeAll
    void openStore() throws Exception {
        backend = open();
        sessions = backend.work().sessions();
    }

    @AfterAll
    void closeStore() {
        if (backend != null) {
            backend.close();
        }
    }

    /** Each test starts with no sessions, so that the limits count only its own. */
    @BeforeEach
    void empty() {
        sessions.sweep(FAR, FAR);
    }

    /** A new 64-hex-digit hash. */
    protected static String hash() {
        byte[] b = new byte[32];
        long n = SEQ.incrementAndGet();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (n >>> (56 - 8 * i));
        }
        b[31] = (byte) System.nanoTime();
        return HexFormat.of().formatHex(b);
    }

    protected static StoredSession session(String user, Instant created, Instant seen) {
        return new StoredSession(hash(), user, "planner", hash(), created, seen);
    }

    protected static StoredSession session(String user, Instant seen) {
        return session(user, T0, seen);
    }

    @Test
    void a_session_is_kept_as_given_and_found_by_its_token_hash() {
        StoredSession s = new StoredSession(hash(), "王规划", "leader", hash(), T0, T0.plusMillis(1));
        assertThat(sessions.create(s, 20, 10_000)).isZero();
        assertThat(sessions.find(s.tokenHash())).contains(s);
        assertThat(sessions.find(hash())).isEmpty();
        assertThat(sessions.find(s.csrfHash())).isEmpty();
        assertThat(sessions.count()).isEqualTo(1);
    }

    @Test
    void a_token_hash_held_already_is_refused_and_the_first_session_stays() {
        StoredSession s = session("first", T0);
        sessions.create(s, 20, 10_000);
        StoredSession again = new StoredSession(s.tokenHash(), "second", "admin", hash(), T0, T0);
        assertThatThrownBy(() -> sessions.create(again, 20, 10_000)).isInstanceOf(RuntimeException.class);
        assertThat(sessions.find(s.tokenHash())).contains(s);
        assertThat(sessions.count()).isEqualTo(1);
    }

    @Test
    void last_seen_is_written_at_most_once_a_minute_and_never_moves_back() {
        StoredSession s = session("toucher", T0);
        sessions.create(s, 20, 10_000);
        assertThat(sessions.touch(s.tokenHash(), T0.plusSeconds(59))).isFalse();
        assertThat(sessions.find(s.tokenHash()).orElseThrow().lastSeen()).isEqualTo(T0);
        assertThat(sessions.touch(s.tokenHash(), T0.plus(SessionStore.TOUCH_EVERY))).isTrue();
        assertThat(sessions.find(s.tokenHash()).orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(60));
        assertThat(sessions.touch(s.tokenHash(), T0.plusSeconds(30))).as("earlier").isFalse();
        assertThat(sessions.touch(s.tokenHash(), T0.plusSeconds(300))).isTrue();
        assertThat(sessions.find(s.tokenHash()).orElseThrow()).isEqualTo(new StoredSession(s.tokenHash(), s.user(),
                s.role(), s.csrfHash(), T0, T0.plusSeconds(300)));
        assertThat(sessions.touch(hash(), T0.plusSeconds(900))).as("no such session").isFalse();
    }

    @Test
    void one_session_or_every_session_of_a_user_is_removed() {
        StoredSession a1 = session("a", T0);
        StoredSession a2 = session("a", T0);
        StoredSession b = session("b", T0);
        StoredSession upper = session("A", T0);
        for (StoredSession s : List.of(a1, a2, b, upper)) {
            sessions.create(s, 20, 10_000);
        }
        assertThat(sessions.delete(a1.tokenHash())).isTrue();
        assertThat(sessions.delete(a1.tokenHash())).isFalse();
        sessions.create(a1, 20, 10_000);
        assertThat(sessions.deleteAll("a")).isEqualTo(2);
        assertThat(sessions.deleteAll("a")).isZero();
        assertThat(sessions.find(a1.tokenHash())).isEmpty();
        assertThat(sessions.find(a2.tokenHash())).isEmpty();
        assertThat(sessions.find(b.tokenHash())).contains(b);
        assertThat(sessions.find(upper.tokenHash())).as("names differ by case").contains(upper);
    }

    @Test
    void a_sweep_removes_the_sessions_idle_too_long_or_signed_in_too_long_ago() {
        Instant now = CLOCK.instant().plus(Duration.ofHours(13));
        StoredSession fresh = session("fresh", now.minusSeconds(3600), now);
        StoredSession justIdle = session("just-idle", now.minusSeconds(7200), now.minus(Sessions.IDLE));
        StoredSession idle = session("idle", now.minusSeconds(7200), now.minus(Sessions.IDLE).minusMillis(1));
        StoredSession justOld = session("just-old", now.minus(Sessions.MAX_AGE), now);
        StoredSession old = session("old", now.minus(Sessions.MAX_AGE).minusMillis(1), now);
        for (StoredSession s : List.of(fresh, justIdle, idle, justOld, old)) {
            sessions.create(s, 20, 10_000);
        }
        assertThat(sessions.sweep(now.minus(Sessions.IDLE), now.minus(Sessions.MAX_AGE))).isEqualTo(2);
        assertThat(sessions.find(idle.tokenHash())).isEmpty();
        assertThat(sessions.find(old.tokenHash())).isEmpty();
        for (StoredSession s : List.of(fresh, justIdle, justOld)) {
            assertThat(sessions.find(s.tokenHash())).as(s.user()).contains(s);
        }
    }

    @Test
    void sessions_on_this_store_outlive_a_restart_and_expire_by_the_clock() {
        Sessions.Session s = new Sessions(sessions, CLOCK).start("clocked", Role.PLANNER);
        Sessions restarted = new Sessions(sessions, Clock.offset(CLOCK, Sessions.IDLE));
        assertThat(restarted.find(s.id()).orElseThrow().csrf()).isEqualTo(s.csrf());
        Sessions idleSince = new Sessions(sessions, Clock.offset(CLOCK, Sessions.IDLE.multipliedBy(2).plusMillis(1)));
        assertThat(idleSince.isLive(s.id())).isFalse();
        assertThat(sessions.count()).as("isLive only reads").isEqualTo(1);
        assertThat(idleSince.find(s.id())).isEmpty();
        assertThat(sessions.count()).as("find ends the expired session").isZero();
    }

    @Test
    void a_user_at_the_limit_loses_the_least_recently_used_session() {
        StoredSession a = session("busy", T0);
        StoredSession b = session("busy", T0.plusSeconds(60));
        StoredSession c = session("busy", T0.plusSeconds(120));
        StoredSession other = session("quiet", T0.minusSeconds(600));
        for (StoredSession s : List.of(a, b, c, other)) {
            assertThat(sessions.create(s, 3, 10_000)).isZero();
        }
        sessions.touch(a.tokenHash(), T0.plusSeconds(300)); // a is now the most recently used
        StoredSession d = session("busy", T0.plusSeconds(360));
        assertThat(sessions.create(d, 3, 10_000)).isEqualTo(1);
        assertThat(sessions.find(b.tokenHash())).isEmpty();
        for (StoredSession s : List.of(a, c, d, other)) {
            assertThat(sessions.find(s.tokenHash())).isPresent();
        }
        assertThat(sessions.create(session("busy", T0.plusSeconds(400)), 1, 10_000)).as("down to a lower limit")
                .isEqualTo(3);
        assertThat(sessions.count()).isEqualTo(2);
    }

    @Test
    void a_full_store_loses_the_least_recently_used_session_of_all() {
        StoredSession a = session("u1", T0.plusSeconds(60));
        StoredSession b = session("u2", T0);
        StoredSession c = session("u3", T0.plusSeconds(120));
        for (StoredSession s : List.of(a, b, c)) {
            sessions.create(s, 20, 3);
        }
        StoredSession d = session("u4", T0.plusSeconds(180));
        assertThat(sessions.create(d, 20, 3)).isEqualTo(1);
        assertThat(sessions.find(b.tokenHash())).isEmpty();
        assertThat(sessions.count()).isEqualTo(3);
        // a and tie were last seen together; a signed in first, so it is the less recently used
        StoredSession tie = session("u5", T0.plusSeconds(1), T0.plusSeconds(60));
        sessions.create(session("u6", T0.plusSeconds(240)), 20, 4);
        sessions.create(tie, 20, 5);
        assertThat(sessions.count()).isEqualTo(5);
        sessions.create(session("u7", T0.plusSeconds(300)), 20, 5);
        assertThat(sessions.find(a.tokenHash())).isEmpty();
        assertThat(sessions.find(tie.tokenHash())).isPresent();
        assertThatThrownBy(() -> sessions.create(session("u8", T0), 0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sessions.create(session("u8", T0), 5, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrent_creates_at_the_limits_do_not_pass_them() throws Exception {
        for (int i = 0; i < 5; i++) {
            sessions.create(session("filler-" + i, T0.plusMillis(i)), 20, 5);
        }
        List<Integer> removed = Concurrently.run(8, i -> sessions.create(session("crowd-" + i, T0.plusSeconds(60)),
                20, 5));
        assertThat(removed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
        assertThat(sessions.count()).isEqualTo(5);

        sessions.sweep(FAR, FAR);
        Concurrently.run(8, i -> sessions.create(session("same", T0.plusMillis(i)), 3, 10_000));
        assertThat(sessions.count()).isEqualTo(3);
    }

    @Test
    void concurrent_touches_of_one_session_write_once_and_fail_none() throws Exception {
        StoredSession s = session("touched", T0);
        sessions.create(s, 20, 10_000);
        List<Boolean> wrote = Concurrently.run(8, i -> sessions.touch(s.tokenHash(), T0.plusSeconds(120)));
        assertThat(wrote.stream().filter(w -> w).count()).isEqualTo(1);
        assertThat(sessions.find(s.tokenHash()).orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void a_create_refused_at_its_last_statement_ends_no_session() {
        StoredSession a = session("full", T0);
        StoredSession b = session("full", T0.plusSeconds(60));
        sessions.create(a, 2, 10_000);
        sessions.create(b, 2, 10_000);
        StoredSession noRole = new StoredSession(hash(), "full", null, hash(), T0, T0.plusSeconds(120));
        // the row is written last, after the user's oldest session made room: refusing it must undo that
        assertThatThrownBy(() -> sessions.create(noRole, 2, 2)).isInstanceOf(RuntimeException.class);
        StoredSession taken = new StoredSession(a.tokenHash(), "full", "leader", hash(), T0, T0.plusSeconds(120));
        assertThatThrownBy(() -> sessions.create(taken, 2, 2)).isInstanceOf(RuntimeException.class);
        assertThat(sessions.find(a.tokenHash())).contains(a);
        assertThat(sessions.find(b.tokenHash())).contains(b);
        assertThat(sessions.find(noRole.tokenHash())).isEmpty();
        assertThat(sessions.count()).isEqualTo(2);
    }
}
