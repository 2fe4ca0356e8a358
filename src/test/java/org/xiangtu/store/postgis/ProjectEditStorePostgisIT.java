package org.xiangtu.store.postgis;

import org.xiangtu.testing.RequiresPostgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.xiangtu.store.ProjectEditStore.Outcome;
import org.xiangtu.store.ProjectEditStore.ProjectState;
import org.xiangtu.store.ProjectEditStoreContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.TestDatabase;

/**
 * The {@link ProjectEditStoreContract} on PostgreSQL/PostGIS (a fresh database), and the database
 * going away in the middle of an update: its connection is killed after it wrote the project row
 * and the history entry, while it waits to write the audit entry.
 */
@RequiresPostgis
class ProjectEditStorePostgisIT extends ProjectEditStoreContract {
    private TestDatabase db;

    @Override
    protected WorkBackend open() {
        db = TestDatabase.create();
        return PostgisWorkBackend.open(db);
    }

    @Test
    void the_database_going_away_in_the_middle_of_an_update_leaves_nothing_behind() throws Exception {
        ProjectState before = now();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Connection locker = db.connect(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE xiangtu_audit IN EXCLUSIVE MODE"); // the update's last statement will wait
            Future<Outcome> write = writer.submit(() -> projects.update(PROJECT, before.version(),
                    change(77, "pe-gone", "ok")));
            int pid = 0;
            for (int i = 0; i < 200 && pid == 0; i++) {
                try (ResultSet rs = st.executeQuery("SELECT pid FROM pg_locks WHERE NOT granted "
                        + "AND relation = 'xiangtu_audit'::regclass")) {
                    pid = rs.next() ? rs.getInt(1) : 0;
                }
                if (pid == 0) {
                    Thread.sleep(25);
                }
            }
            assertThat(pid).as("the update waits for the audit table").isNotZero();
            try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
                rs.next();
            }
            assertThatThrownBy(write::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RuntimeException.class);
            locker.rollback();
        } finally {
            writer.shutdownNow();
        }
        ProjectState after = now(); // the pool hands out a fresh connection
        assertThat(after.version().sameAs(before.version())).isTrue();
        assertThat(after.progressPct()).isEqualTo(before.progressPct());
        assertThat(audit.page("pe-gone", null, 10, 0)).isEmpty();
    }
}
