package org.xiangtu.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.xiangtu.store.HouseholdChangeStoreContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestDatabase;

/**
 * The {@link HouseholdChangeStoreContract} on PostgreSQL/PostGIS (a fresh database), and the database
 * going away in the middle of an update: its connection is killed after it wrote the household, its
 * change rows and the village, while it waits to write the audit entry.
 */
@RequiresPostgis
class HouseholdChangeStorePostgisIT extends HouseholdChangeStoreContract {
    private TestDatabase db;

    @Override
    protected WorkBackend open() {
        db = TestDatabase.create();
        return PostgisWorkBackend.open(db);
    }

    @Test
    void the_database_going_away_in_the_middle_of_an_update_leaves_nothing_behind() throws Exception {
        long base = changes.version(FIRST);
        Object before = value(FIRST, "medical");
        String other = "ensured".equals(before) ? "not_ensured" : "ensured";
        Map<String, Long> open = changes.openByVillage();
        String id = UUID.randomUUID().toString();
        MidWriteKill.killWhileWaitingForAudit(db, () -> changes.update(update(id, FIRST, CADRE, base,
                Map.of("medical", other), "hc-gone", "ok")));
        assertThat(changes.version(FIRST)).isEqualTo(base);
        assertThat(value(FIRST, "medical")).isEqualTo(before);
        assertThat(changes.openByVillage()).isEqualTo(open);
        assertThat(audit.page("hc-gone", null, 10, 0)).isEmpty();
        // the same update sent again (the device never got an answer) is stored now, once
        assertThat(changes.update(update(id, FIRST, CADRE, base, Map.of("medical", other), "hc-gone", "ok"))
                .version()).isEqualTo(base + 1);
    }
}
