package org.xiangtu.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xiangtu.store.WatchStore;
import org.xiangtu.store.WatchStore.Alert;
import org.xiangtu.store.WatchStore.AlertQuery;
import org.xiangtu.store.WatchStoreContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestDatabase;

/**
 * The {@link WatchStoreContract} on PostgreSQL/PostGIS (a fresh database), and the database going away in
 * the middle of opening and of confirming an alert: the connection is killed while it waits to write the
 * audit entry; nothing of the change is left.
 */
@RequiresPostgis
class WatchStorePostgisIT extends WatchStoreContract {
    private TestDatabase db;

    @Override
    protected WorkBackend open() {
        db = TestDatabase.create();
        return PostgisWorkBackend.open(db);
    }

    @Test
    void the_database_going_away_while_opening_leaves_nothing_behind() throws Exception {
        String code = household(7);
        MidWriteKill.killWhileWaitingForAudit(db, () -> watch.open(List.of(hit("income_below_line", code)),
                Instant.now(), o -> entry("wa-gone")));
        assertThat(watch.alerts(new AlertQuery(null, null, code, null, 10, 0))).isEmpty();
        assertThat(watch.open(List.of(hit("income_below_line", code)), Instant.now(), o -> entry("wa-gone-next"))
                .opened()).hasSize(1);
    }

    @Test
    void the_database_going_away_while_confirming_leaves_the_alert_open_and_no_monitoring() throws Exception {
        String code = household(8);
        Alert a = watch.open(List.of(hit("disaster", code)), Instant.now(), o -> entry("wa-open-8")).opened().get(0);
        MidWriteKill.killWhileWaitingForAudit(db, () -> watch.close(a.id(), true, "救助", null, "gb1",
                Instant.now(), entry("wa-close-gone")));
        assertThat(watch.alert(a.id()).orElseThrow().status()).isEqualTo(WatchStore.OPEN);
        assertThat(watch.monitoring(null, false)).noneMatch(m -> m.householdCode().equals(code));
        assertThat(audit.page("wa-close-gone", null, 10, 0)).isEmpty();
        assertThat(watch.endMonitoring(code, LocalDate.now(), "x", "leader", entry("wa-end-none"))).isFalse();
    }
}
