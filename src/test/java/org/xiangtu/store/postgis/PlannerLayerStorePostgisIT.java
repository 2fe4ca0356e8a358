package org.xiangtu.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.xiangtu.store.PlannerLayerStore.Layer;
import org.xiangtu.store.PlannerLayerStoreContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestDatabase;

/**
 * The {@link PlannerLayerStoreContract} on PostgreSQL/PostGIS (a fresh database), and the database
 * going away in the middle of an import: its connection is killed after it wrote the layer row and
 * the features, while it waits to write the audit entry.
 */
@RequiresPostgis
class PlannerLayerStorePostgisIT extends PlannerLayerStoreContract {
    private TestDatabase db;

    @Override
    protected WorkBackend open() {
        db = TestDatabase.create();
        return PostgisWorkBackend.open(db);
    }

    @Test
    void the_database_going_away_in_the_middle_of_an_import_leaves_nothing_behind() throws Exception {
        String id = newId();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Connection locker = db.connect(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE xiangtu_audit IN EXCLUSIVE MODE"); // the import's last statement will wait
            Future<Layer> write = writer.submit(() -> layers.create(newLayer(id, Instant.now()), bboxFeatures(),
                    entry("plc-gone", id, "gone")));
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
            assertThat(pid).as("the import waits for the audit table").isNotZero();
            try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
                rs.next();
            }
            assertThatThrownBy(write::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RuntimeException.class);
            locker.rollback();
        } finally {
            writer.shutdownNow();
        }
        assertThat(layers.find(id)).isEmpty(); // the pool hands out a fresh connection
        try (Connection c = db.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM xiangtu_planner_features WHERE layer_id = '"
                        + id + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
        assertThat(audit.page("plc-gone", null, 10, 0)).isEmpty();
    }
}
