package org.xiangtu.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.xiangtu.store.FieldStore.Added;
import org.xiangtu.store.FieldStoreContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestDatabase;

/**
 * The {@link FieldStoreContract} on PostgreSQL/PostGIS (a fresh database), and the database going away
 * in the middle of a visit: its connection is killed after it wrote the visit and the month's count,
 * while it waits to write the audit entry.
 */
@RequiresPostgis
class FieldStorePostgisIT extends FieldStoreContract {
    private TestDatabase db;

    @Override
    protected WorkBackend open() {
        db = TestDatabase.create();
        return PostgisWorkBackend.open(db);
    }

    @Test
    void the_database_going_away_in_the_middle_of_a_visit_leaves_nothing_behind() throws Exception {
        String id = UUID.randomUUID().toString();
        MidWriteKill.killWhileWaitingForAudit(db, () -> field.addVisit(visit(id, "2020-05-10T10:00:00+08:00", null,
                null, null), entry("fs-gone", id, "ok")));
        assertThat(field.visit(id)).isEmpty(); // the pool hands out a fresh connection
        assertThat(audit.page("fs-gone", null, 10, 0)).isEmpty();
        String next = UUID.randomUUID().toString();
        Added a = (Added) field.addVisit(visit(next, "2020-05-11T10:00:00+08:00", null, null, null),
                entry("fs-gone-next", next, "ok"));
        assertThat(a.monthVisits()).isEqualTo(3); // two demo visits that month, and this one only
    }
}
