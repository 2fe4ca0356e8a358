package org.xiangtu.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.xiangtu.testing.TestDatabase;

/**
 * The database going away in the middle of a write: a second connection holds something the write's last
 * statement needs ({@code hold}), the write starts, and once it waits ({@code waiting} finds its backend pid)
 * its connection is terminated. The write must fail; what it wrote before must not be there afterwards.
 */
final class MidWriteKill {
    /** Takes the lock or row the write will wait for, on the locker's open transaction. */
    @FunctionalInterface
    interface Hold {
        void on(Connection locker, Statement st) throws SQLException;
    }

    private MidWriteKill() {
    }

    /**
     * Runs {@code write} while {@code hold} blocks it, kills its connection once the query {@code waiting} (a
     * {@code SELECT pid ...}) finds it waiting, runs {@code whileWaiting} on the locker's statement at that point,
     * and checks the write failed.
     */
    static void killWhileWaiting(TestDatabase db, Hold hold, String waiting, Callable<?> write, Hold whileWaiting)
            throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Connection locker = db.connect(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            hold.on(locker, st);
            Future<?> result = writer.submit(write);
            int pid = 0;
            // up to 30 s: on a loaded CI machine the write can take seconds to reach its last statement
            for (int i = 0; i < 1_200 && pid == 0 && !result.isDone(); i++) {
                // pg_stat_activity is read once per transaction: the locker's open transaction must drop
                // its snapshot to see the writer start waiting (else only a writer faster than the first look is seen)
                st.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet rs = st.executeQuery(waiting)) {
                    pid = rs.next() ? rs.getInt(1) : 0;
                }
                if (pid == 0) {
                    Thread.sleep(25);
                }
            }
            if (pid == 0 && result.isDone()) {
                result.get(); // the write ended without waiting: show how
            }
            assertThat(pid).as("the write waits (" + waiting + ")").isNotZero();
            whileWaiting.on(locker, st);
            try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
                rs.next();
            }
            assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RuntimeException.class);
            locker.rollback();
        } finally {
            writer.shutdownNow();
        }
    }

    /** {@link #killWhileWaiting} for a write whose last statement writes the audit table, held by a table lock. */
    static void killWhileWaitingForAudit(TestDatabase db, Callable<?> write) throws Exception {
        killWhileWaiting(db, (c, st) -> st.execute("LOCK TABLE xiangtu_audit IN EXCLUSIVE MODE"),
                "SELECT pid FROM pg_locks WHERE NOT granted AND relation = 'xiangtu_audit'::regclass", write,
                (c, st) -> { });
    }
}
