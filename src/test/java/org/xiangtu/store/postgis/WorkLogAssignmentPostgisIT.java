package org.xiangtu.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.store.WorkLogAssignmentContract;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestDatabase;

/**
 * The {@link WorkLogAssignmentContract} on PostgreSQL/PostGIS (a fresh database), and the database going
 * away in the middle of a work log and of an assignment: the connection is killed after it wrote the log
 * (or the households' cadre), while it waits to write the audit entry.
 */
@RequiresPostgis
class WorkLogAssignmentPostgisIT extends WorkLogAssignmentContract {
    private TestDatabase db;

    @Override
    protected WorkBackend open() {
        db = TestDatabase.create();
        return PostgisWorkBackend.open(db);
    }

    @Test
    void the_database_going_away_in_the_middle_of_a_log_leaves_nothing_behind() throws Exception {
        String id = UUID.randomUUID().toString();
        MidWriteKill.killWhileWaitingForAudit(db, () -> field.addLog(log(id, CADRE, "2020-05-10T10:00:00+08:00",
                "gone", null, null), entry("wl-gone", id, "ok")));
        assertThat(field.log(id)).isEmpty(); // the pool hands out a fresh connection
        assertThat(audit.page("wl-gone", null, 10, 0)).isEmpty();
        String next = UUID.randomUUID().toString();
        assertThat(field.addLog(log(next, CADRE, "2020-05-11T10:00:00+08:00", "next", null, null),
                entry("wl-gone-next", next, "ok")).created()).isTrue();
    }

    @Test
    void the_database_going_away_in_the_middle_of_an_assignment_leaves_nothing_behind() throws Exception {
        String code = "5001510012010002";
        String before = field.household(code).orElseThrow().cadre();
        Instant at = Instant.parse("2026-12-01T08:00:00Z");
        MidWriteKill.killWhileWaitingForAudit(db, () -> field.assign("gb-gone", List.of(code), at,
                previous -> new AuditEntry(0, at, "admin", null, "as-gone", "gb-gone", "ok", "{}")));
        assertThat(field.household(code).orElseThrow().cadre()).isEqualTo(before);
        assertThat(field.households("gb-gone")).isEmpty();
        assertThat(audit.page("as-gone", null, 10, 0)).isEmpty();
    }
}
