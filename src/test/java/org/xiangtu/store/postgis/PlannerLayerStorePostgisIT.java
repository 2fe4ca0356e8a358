package org.xiangtu.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
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
        MidWriteKill.killWhileWaitingForAudit(db, () -> layers.create(newLayer(id, Instant.now()), bboxFeatures(),
                entry("plc-gone", id, "gone")));
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
