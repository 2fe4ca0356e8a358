package org.xiangtu.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.xiangtu.store.SessionStoreContract;
import org.xiangtu.store.StoredSession;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestDatabase;

/**
 * The {@link SessionStoreContract} on PostgreSQL/PostGIS (a fresh database), and the database
 * going away in the middle of a create: its connection is killed after it removed the user's least
 * recently used session to make room, while it waits to write the new row.
 */
@RequiresPostgis
class SessionStorePostgisIT extends SessionStoreContract {
    private TestDatabase db;

    @Override
    protected WorkBackend open() {
        db = TestDatabase.create();
        return PostgisWorkBackend.open(db);
    }

    @Test
    void the_database_going_away_in_the_middle_of_a_create_ends_no_session() throws Exception {
        StoredSession a = session("gone", T0);
        StoredSession b = session("gone", T0.plusSeconds(60));
        sessions.create(a, 2, 10_000);
        sessions.create(b, 2, 10_000);
        StoredSession c = session("gone", T0.plusSeconds(120));
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Connection locker = db.connect(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            // an uncommitted row with the new session's key: the create's last statement will wait for it
            try (PreparedStatement ps = locker.prepareStatement("INSERT INTO xiangtu_sessions (token_hash, user_name, "
                    + "role, csrf_hash, created_at, last_seen) VALUES (?, 'other', 'leader', 'x', now(), now())")) {
                ps.setString(1, c.tokenHash());
                ps.executeUpdate();
            }
            Future<Integer> create = writer.submit(() -> sessions.create(c, 2, 10_000));
            int pid = 0;
            for (int i = 0; i < 200 && pid == 0; i++) {
                try (ResultSet rs = st.executeQuery("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        + "AND query LIKE 'INSERT INTO xiangtu_sessions%' AND pid <> pg_backend_pid()")) {
                    pid = rs.next() ? rs.getInt(1) : 0;
                }
                if (pid == 0) {
                    Thread.sleep(25);
                }
            }
            assertThat(pid).as("the create waits to write its row").isNotZero();
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM xiangtu_sessions WHERE token_hash = '"
                    + a.tokenHash() + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the create's removal is not visible before it commits").isEqualTo(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
                rs.next();
            }
            assertThatThrownBy(create::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RuntimeException.class);
            locker.rollback();
        } finally {
            writer.shutdownNow();
        }
        assertThat(sessions.find(a.tokenHash())).as("the pool hands out a fresh connection").contains(a);
        assertThat(sessions.find(b.tokenHash())).contains(b);
        assertThat(sessions.find(c.tokenHash())).isEmpty();
        assertThat(sessions.count()).isEqualTo(2);
    }
}
