package org.xiangtu.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xiangtu.account.AuditLog;
import org.xiangtu.account.PasswordHasher;
import org.xiangtu.account.RateLimitAudit;
import org.xiangtu.account.Sessions;
import org.xiangtu.account.SignInLimiter;
import org.xiangtu.account.Users;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.StoredUser;
import org.xiangtu.store.UserStore;
import org.xiangtu.store.memory.MemoryWorkStore;

/** The sign-in rules on the in-memory store: what a password change or removal during the check does. */
class SignInServiceTest {
    private static final String PASSWORD = "a long enough password";

    /** A user store that runs {@code meanwhile} once, right after the sign-in's first look-up of the user. */
    private static UserStore changingAfterFirstFind(UserStore store, Runnable meanwhile) {
        AtomicInteger finds = new AtomicInteger();
        return new UserStore() {
            @Override
            public Optional<StoredUser> find(String name) {
                Optional<StoredUser> u = store.find(name);
                if (finds.incrementAndGet() == 1) {
                    meanwhile.run();
                }
                return u;
            }

            @Override
            public List<StoredUser> list() {
                return store.list();
            }

            @Override
            public boolean insert(StoredUser user) {
                return store.insert(user);
            }

            @Override
            public boolean setPassword(String name, String passwordHash, Instant updatedAt) {
                return store.setPassword(name, passwordHash, updatedAt);
            }

            @Override
            public boolean delete(String name) {
                return store.delete(name);
            }
        };
    }

    private static SignInService service(MemoryWorkStore work, UserStore users, Sessions sessions) {
        AuditLog audit = new AuditLog(work.audit());
        return new SignInService(new Users(users), sessions, SignInLimiter.standard(Clock.systemUTC()), audit,
                new RateLimitAudit(audit, Clock.systemUTC(), false));
    }

    @Test
    void a_password_changed_during_the_check_leaves_no_session() {
        MemoryWorkStore work = new MemoryWorkStore();
        Users plain = new Users(work.users());
        plain.add("wang", Role.PLANNER, PasswordHasher.hash(PASSWORD));
        Sessions sessions = new Sessions(work.sessions(), Clock.systemUTC());
        SignInService signIns = service(work, changingAfterFirstFind(work.users(),
                () -> plain.setPassword("wang", PasswordHasher.hash("another long password"))), sessions);
        assertThatThrownBy(() -> signIns.signIn("wang", PASSWORD, "192.0.2.1", Optional.empty()))
                .isInstanceOf(SignInService.Denied.class);
        assertThat(work.sessions().count()).isZero();
    }

    @Test
    void a_user_removed_during_the_check_leaves_no_session_and_an_unchanged_one_signs_in() {
        MemoryWorkStore work = new MemoryWorkStore();
        Users plain = new Users(work.users());
        plain.add("li", Role.LEADER, PasswordHasher.hash(PASSWORD));
        plain.add("zhao", Role.LEADER, PasswordHasher.hash(PASSWORD));
        Sessions sessions = new Sessions(work.sessions(), Clock.systemUTC());
        assertThatThrownBy(() -> service(work, changingAfterFirstFind(work.users(), () -> plain.remove("li")), sessions)
                .signIn("li", PASSWORD, "192.0.2.1", Optional.empty())).isInstanceOf(SignInService.Denied.class);
        assertThat(work.sessions().count()).isZero();
        Sessions.Session s = service(work, work.users(), sessions).signIn("zhao", PASSWORD, "192.0.2.1",
                Optional.empty());
        assertThat(sessions.find(s.id())).isPresent();
        assertThat(work.sessions().count()).isEqualTo(1);
    }
}
