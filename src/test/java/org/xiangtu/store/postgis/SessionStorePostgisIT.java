package org.xiangtu.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
        MidWriteKill.killWhileWaiting(db, (locker, st) -> {
            // an uncommitted row with the new session's key: the create's last statement will wait for it
            try (PreparedStatement ps = locker.prepareStatement("INSERT INTO xiangtu_sessions (token_hash, user_name, "
                    + "role, csrf_hash, created_at, last_seen) VALUES (?, 'other', 'leader', 'x', now(), now())")) {
                ps.setString(1, c.tokenHash());
                ps.executeUpdate();
            }
        }, "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO xiangtu_sessions%' "
                + "AND pid <> pg_backend_pid()", () -> sessions.create(c, 2, 10_000), (locker, st) -> {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM xiangtu_sessions WHERE token_hash = '"
                            + a.tokenHash() + "'")) {
                        rs.next();
                        assertThat(rs.getInt(1)).as("the create's removal is not visible before it commits").isEqualTo(1);
                    }
                });
        assertThat(sessions.find(a.tokenHash())).as("the pool hands out a fresh connection").contains(a);
        assertThat(sessions.find(b.tokenHash())).contains(b);
        assertThat(sessions.find(c.tokenHash())).isEmpty();
        assertThat(sessions.count()).isEqualTo(2);
    }
}
