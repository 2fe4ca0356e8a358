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

    @Test
    void one_user_signing_in_again_and_again_holds_at_most_the_limit_and_keeps_the_session_in_use() {
        Manual clock = new Manual();
        Sessions sessions = new Sessions(clock);
        Sessions.Session inUse = sessions.start("guihua", Role.PLANNER);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            clock.now = clock.now.plusSeconds(1);
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
        Sessions sessions = new Sessions(clock);
        for (int i = 0; i < Sessions.MAX_TOTAL + 50; i++) {
            clock.now = clock.now.plus(Duration.ofMillis(1));
            sessions.start("user" + i, Role.LEADER);
        }
        assertThat(sessions.size()).isEqualTo(Sessions.MAX_TOTAL);
    }
}
