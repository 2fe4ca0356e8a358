package org.xiangtu.store.postgis;

import org.xiangtu.testing.RequiresPostgis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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
        MidWriteKill.killWhileWaitingForAudit(db, () -> projects.update(PROJECT, before.version(),
                change(77, "pe-gone", "ok")));
        ProjectState after = now(); // the pool hands out a fresh connection
        assertThat(after.version().sameAs(before.version())).isTrue();
        assertThat(after.progressPct()).isEqualTo(before.progressPct());
        assertThat(audit.page("pe-gone", null, 10, 0)).isEmpty();
    }
}
