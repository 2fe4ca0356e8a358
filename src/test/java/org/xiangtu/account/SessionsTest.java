package org.xiangtu.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.SessionStore;
import org.xiangtu.store.StoredSession;
import org.xiangtu.store.memory.MemorySessionStore;

class SessionsTest {
    /** A clock the test moves by hand. */
    static final class Manual extends Clock {
        Instant now = Instant.parse("2026-12-01T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The store, counting its touches in {@code touches[0]}. */
    static SessionStore counting(SessionStore store, int[] touches) {
        return new SessionStore() {
            @Override
            public int create(StoredSession s, int maxPerUser, int maxTotal) {
                return store.create(s, maxPerUser, maxTotal);
            }

            @Override
            public java.util.Optional<StoredSession> find(String tokenHash) {
                return store.find(tokenHash);
            }

            @Override
            public boolean touch(String tokenHash, Instant at) {
                touches[0]++;
                return store.touch(tokenHash, at);
            }

            @Override
            public boolean delete(String tokenHash) {
                return store.delete(tokenHash);
            }

            @Override
            public int deleteAll(String user) {
                return store.deleteAll(user);
            }

            @Override
            public int sweep(Instant seenBefore, Instant createdBefore) {
                return store.sweep(seenBefore, createdBefore);
            }

            @Override
            public int count() {
                return store.count();
            }
        };
    }

    @Test
    void one_user_signing_in_again_and_again_holds_at_most_the_limit_and_keeps_the_session_in_use() {
        Manual clock = new Manual();
        Sessions sessions = new Sessions(new MemorySessionStore(), clock);
        Sessions.Session inUse = sessions.start("guihua", Role.PLANNER);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            clock.now = clock.now.plus(SessionStore.TOUCH_EVERY); // last seen is kept to the minute
            sessions.find(inUse.id()); // the session in use is touched now and then
            ids.add(sessions.start("guihua", Role.PLANNER).id());
        }
        assertThat(sessions.size()).isEqualTo(Sessions.MAX_PER_USER);
        assertThat(sessions.find(inUse.id())).isPresent();
        assertThat(sessions.find(ids.get(0))).isEmpty();
        assertThat(sessions.find(ids.get(ids.size() - 1))).isPresent();
    }

    @Test
    void the_whole_table_is_bounded() {
        Manual clock = new Manual();
        Sessions sessions = new Sessions(new MemorySessionStore(), clock);
        for (int i = 0; i < Sessions.MAX_TOTAL + 50; i++) {
            clock.now = clock.now.plus(Duration.ofMillis(1));
            sessions.start("user" + i, Role.LEADER);
        }
        assertThat(sessions.size()).isEqualTo(Sessions.MAX_TOTAL);
    }

    @Test
    void the_store_keeps_hashes_only_and_a_new_server_on_it_knows_the_session_and_its_csrf_token() {
        Manual clock = new Manual();
        MemorySessionStore store = new MemorySessionStore();
        Sessions.Session s = new Sessions(store, clock).start("lingdao", Role.LEADER);
        StoredSession row = store.find(Sessions.hash(s.id())).orElseThrow();
        assertThat(row.tokenHash()).hasSize(64).isNotEqualTo(s.id()).doesNotContain(s.id());
        assertThat(row.csrfHash()).hasSize(64).isNotEqualTo(s.csrf());
        assertThat(row.tokenHash()).isNotEqualTo(row.csrfHash());
        assertThat(s.csrf()).isNotEqualTo(s.id());
        assertThat(row).extracting(StoredSession::user, StoredSession::role).containsExactly("lingdao", "leader");

        Sessions restarted = new Sessions(store, clock);
        Sessions.Session again = restarted.find(s.id()).orElseThrow();
        assertThat(again).extracting(Sessions.Session::user, Sessions.Session::role, Sessions.Session::csrf)
                .containsExactly("lingdao", Role.LEADER, s.csrf());
        assertThat(restarted.find(s.id() + "x")).isEmpty();
        assertThat(restarted.find(null)).isEmpty();
        assertThat(restarted.find("")).isEmpty();
    }

    @Test
    void a_session_ends_after_two_idle_hours_or_twelve_hours_in_all() {
        Manual clock = new Manual();
        Sessions sessions = new Sessions(new MemorySessionStore(), clock);
        Sessions.Session idle = sessions.start("a", Role.LEADER);
        Sessions.Session busy = sessions.start("b", Role.LEADER);
        clock.now = clock.now.plus(Sessions.IDLE);
        assertThat(sessions.isLive(idle.id())).as("exactly two hours idle is still live").isTrue();
        assertThat(sessions.find(busy.id())).isPresent();
        clock.now = clock.now.plusSeconds(1);
        assertThat(sessions.isLive(idle.id())).isFalse();
        assertThat(sessions.find(idle.id())).isEmpty();
        assertThat(sessions.size()).as("the expired session was ended when it was asked for").isEqualTo(1);
        for (int h = 0; h < 9; h++) {
            clock.now = clock.now.plus(Duration.ofHours(1));
            assertThat(sessions.find(busy.id())).as("after " + (h + 3) + " h").isPresent();
        }
        clock.now = Instant.parse("2026-12-01T20:00:00.001Z");
        assertThat(sessions.find(busy.id())).as("twelve hours after sign-in").isEmpty();
    }

    @Test
    void requests_mark_a_session_seen_at_most_once_a_minute() {
        Manual clock = new Manual();
        int[] touches = {0};
        Sessions sessions = new Sessions(counting(new MemorySessionStore(), touches), clock);
        Sessions.Session s = sessions.start("a", Role.PLANNER);
        for (int i = 0; i < 120; i++) { // a request a second for two minutes
            clock.now = clock.now.plusSeconds(1);
            assertThat(sessions.find(s.id())).isPresent();
        }
        assertThat(touches[0]).isEqualTo(2);
        assertThat(sessions.find(s.id()).orElseThrow().lastSeen()).isEqualTo(Instant.parse("2026-12-01T08:02:00Z"));
    }

    @Test
    void ending_all_of_a_user_leaves_the_others() {
        Sessions sessions = new Sessions(new MemorySessionStore(), new Manual());
        Sessions.Session a1 = sessions.start("a", Role.PLANNER);
        Sessions.Session a2 = sessions.start("a", Role.PLANNER);
        Sessions.Session b = sessions.start("b", Role.ADMIN);
        assertThat(sessions.endAll("a")).isEqualTo(2);
        assertThat(sessions.find(a1.id())).isEmpty();
        assertThat(sessions.find(a2.id())).isEmpty();
        assertThat(sessions.find(b.id()).orElseThrow().role()).isEqualTo(Role.ADMIN);
        sessions.end(b.id());
        assertThat(sessions.size()).isZero();
    }
}
