package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.store.WatchStore.Alert;
import org.xiangtu.store.WatchStore.AlertQuery;
import org.xiangtu.store.WatchStore.Closed;
import org.xiangtu.store.WatchStore.NewAlert;
import org.xiangtu.store.WatchStore.NoAlert;
import org.xiangtu.store.WatchStore.NotOpen;
import org.xiangtu.store.WatchStore.Opened;

/**
 * The {@link WatchStore} contract on every backend holding the county's demo data: an alert opens with the
 * household's village and cadre and its audit entry; never two open alerts for one rule and household, not
 * even when many open them at once; unknown households are reported; closing confirmed starts monitoring
 * (once), closing twice changes nothing; monitoring ends only by a recorded decision. Each test uses
 * households of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WatchStoreContract {
    /** Demo households of village 500151103202 (cadre gb50015110320201 has the first six). */
    protected static final String VILLAGE = "500151103202";
    private WorkBackend backend;
    protected WatchStore watch;
    protected AuditStore audit;

    protected abstract WorkBackend open() throws Exception;

    @BeforeAll
    void openStore() throws Exception {
        backend = open();
        watch = backend.work().watch();
        audit = backend.work().audit();
    }

    @AfterAll
    void closeStore() {
        if (backend != null) {
            backend.close();
        }
    }

    protected static String household(int n) {
        return VILLAGE + String.format("%04d", n);
    }

    protected static NewAlert hit(String rule, String household) {
        return hit(rule, household, UUID.randomUUID().toString());
    }

    protected static NewAlert hit(String rule, String household, String basis) {
        return new NewAlert(UUID.randomUUID().toString(), rule, household, "high", "cadre",
                LocalDate.of(2020, 11, 22), null, basis);
    }

    protected static AuditEntry entry(String action) {
        return new AuditEntry(0, Instant.now(), "system", null, action, "watch", "ok", "{}");
    }

    @Test
    void an_alert_opens_with_the_household_village_and_cadre_once_per_rule() {
        String code = household(1);
        String cadre = backend.work().field().household(code).orElseThrow().cadre();
        Instant at = Instant.parse("2020-11-15T02:00:00Z");
        Opened first = watch.open(List.of(hit("income_below_line", code), hit("guarantee_lost", code)), at,
                o -> entry("wa-open-1"));
        assertThat(first.opened()).hasSize(2);
        Alert a = first.opened().get(0);
        assertThat(a.villageCode()).isEqualTo(VILLAGE);
        assertThat(a.cadre()).isEqualTo(cadre).isNotNull();
        assertThat(a.status()).isEqualTo(WatchStore.OPEN);
        assertThat(a.openedAt()).isEqualTo(at);
        assertThat(a.dueOn()).isEqualTo(LocalDate.of(2020, 11, 22));
        assertThat(watch.alert(a.id())).contains(a);
        assertThat(audit.page("wa-open-1", null, 10, 0)).hasSize(1);

        Opened again = watch.open(List.of(hit("income_below_line", code)), at, o -> entry("wa-open-1b"));
        assertThat(again.opened()).isEmpty();
        assertThat(again.alreadyOpen()).hasSize(1);
        assertThat(audit.page("wa-open-1b", null, 10, 0)).isEmpty(); // nothing opened, nothing audited
        assertThat(watch.alerts(new AlertQuery(null, null, code, null, 100, 0))).hasSize(2);
    }

    @Test
    void unknown_households_are_reported_not_opened() {
        Opened o = watch.open(List.of(hit("list:civil_affairs", "9999"), hit("list:civil_affairs", household(2)),
                hit("list:civil_affairs", "9999")), Instant.now(), x -> entry("wa-open-2"));
        assertThat(o.unknownHouseholds()).containsExactly("9999");
        assertThat(o.opened()).extracting(Alert::householdCode).containsExactly(household(2));
    }

    @Test
    void the_same_hit_twice_in_one_opening_opens_one_alert() {
        String code = household(9);
        Opened o = watch.open(List.of(hit("job_loss", code, "b1"), hit("job_loss", code, "b2"),
                hit("disaster", code, "b1")), Instant.now(), x -> entry("wa-twice"));
        assertThat(o.opened()).extracting(Alert::rule).containsExactlyInAnyOrder("job_loss", "disaster");
        assertThat(o.alreadyOpen()).extracting(NewAlert::rule).containsExactly("job_loss");
        assertThat(watch.alerts(new AlertQuery(null, null, code, WatchStore.OPEN, 100, 0))).hasSize(2);
    }

    @Test
    void many_openers_at_once_open_one_alert() throws Exception {
        String code = household(3);
        AtomicInteger opened = new AtomicInteger();
        Concurrently.run(8, i -> opened.addAndGet(watch.open(List.of(hit("income_drop", code)), Instant.now(),
                o -> entry("wa-race")).opened().size()));
        assertThat(opened.get()).isEqualTo(1);
        assertThat(watch.alerts(new AlertQuery(null, null, code, WatchStore.OPEN, 100, 0))).hasSize(1);
    }

    @Test
    void confirming_starts_monitoring_once_and_a_closed_alert_stays_closed() {
        String code = household(4);
        Alert a = watch.open(List.of(hit("medical_expense", code)), Instant.now(), o -> entry("wa-open-4"))
                .opened().get(0);
        Instant at = Instant.parse("2020-11-20T03:00:00Z");
        Closed closed = (Closed) watch.close(a.id(), true, "申请临时救助", "visit-1", "gb1", at, entry("wa-close-4"));
        assertThat(closed.alert().status()).isEqualTo(WatchStore.CONFIRMED);
        assertThat(closed.alert().closedBy()).isEqualTo("gb1");
        assertThat(closed.alert().closedAt()).isEqualTo(at);
        assertThat(closed.alert().note()).isEqualTo("申请临时救助");
        assertThat(closed.monitoring()).isPresent();
        assertThat(closed.monitoring().get().since()).isEqualTo(LocalDate.of(2020, 11, 20));
        assertThat(closed.monitoring().get().measure()).isEqualTo("申请临时救助");
        assertThat(watch.close(a.id(), false, "again", null, "gb2", at, entry("wa-close-4b")))
                .isInstanceOf(NotOpen.class);
        assertThat(audit.page("wa-close-4b", null, 10, 0)).isEmpty();
        assertThat(watch.close("no-such-alert", true, "x", null, "gb2", at, entry("wa-close-x")))
                .isInstanceOf(NoAlert.class);

        // a second confirmed alert while monitored keeps the one monitoring record
        Alert b = watch.open(List.of(hit("disaster", code)), Instant.now(), o -> entry("wa-open-4c")).opened().get(0);
        Closed second = (Closed) watch.close(b.id(), true, "危房改造", null, "gb1", at.plusSeconds(86400),
                entry("wa-close-4c"));
        assertThat(second.monitoring().orElseThrow().alertId()).isEqualTo(a.id());
        assertThat(watch.monitoring(VILLAGE, true)).filteredOn(m -> m.householdCode().equals(code)).hasSize(1);

        assertThat(watch.endMonitoring(code, LocalDate.of(2020, 12, 31), "风险已消除：收入恢复", "leader1",
                entry("wa-end-4"))).isTrue();
        assertThat(watch.endMonitoring(code, LocalDate.of(2021, 1, 1), "again", "leader1", entry("wa-end-4b")))
                .isFalse();
        assertThat(audit.page("wa-end-4b", null, 10, 0)).isEmpty();
        var history = watch.monitoring(VILLAGE, false).stream().filter(m -> m.householdCode().equals(code)).toList();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).endedOn()).isEqualTo(LocalDate.of(2020, 12, 31));
        assertThat(history.get(0).endedBy()).isEqualTo("leader1");
        assertThat(watch.monitoring(VILLAGE, true)).noneMatch(m -> m.householdCode().equals(code));
    }

    @Test
    void not_confirmed_records_the_reason_and_starts_no_monitoring() {
        String code = household(5);
        Alert a = watch.open(List.of(hit("job_loss", code)), Instant.now(), o -> entry("wa-open-5")).opened().get(0);
        Closed c = (Closed) watch.close(a.id(), false, "已在本地重新就业", null, "gb1", Instant.now(), entry("wa-close-5"));
        assertThat(c.alert().status()).isEqualTo(WatchStore.NOT_CONFIRMED);
        assertThat(c.monitoring()).isEmpty();
        assertThat(watch.monitoring(null, false)).noneMatch(m -> m.householdCode().equals(code));
        // closed: the same rule opens again on new facts only
        assertThat(watch.open(List.of(hit("job_loss", code, a.basis())), Instant.now(), o -> entry("wa-open-5b"))
                .alreadyOpen()).hasSize(1);
        assertThat(watch.open(List.of(hit("job_loss", code, "new facts")), Instant.now(), o -> entry("wa-open-5c"))
                .opened()).hasSize(1);
    }

    @Test
    void alerts_are_listed_by_cadre_village_and_status() {
        String code = household(6);
        String cadre = backend.work().field().household(code).orElseThrow().cadre();
        watch.open(List.of(hit("guarantee_at_risk", code)), Instant.now(), o -> entry("wa-open-6"));
        List<Alert> mine = watch.alerts(new AlertQuery(cadre, null, null, WatchStore.OPEN, 1000, 0));
        assertThat(mine).isNotEmpty().allMatch(a -> cadre.equals(a.cadre()) && a.isOpen());
        assertThat(watch.alerts(new AlertQuery(null, VILLAGE.substring(0, 9), null, null, 1000, 0)))
                .isNotEmpty().allMatch(a -> a.villageCode().startsWith(VILLAGE.substring(0, 9)));
        assertThat(watch.alerts(new AlertQuery(null, "5009", null, null, 1000, 0))).isEmpty();
        List<Alert> all = new ArrayList<>(watch.alerts(new AlertQuery(null, null, null, null, 1000, 0)));
        List<Alert> sorted = new ArrayList<>(all);
        sorted.sort(java.util.Comparator.comparing(Alert::openedAt).thenComparing(Alert::id));
        assertThat(all).isEqualTo(sorted);
        assertThat(watch.alerts(new AlertQuery(null, null, null, null, 1, 1))).containsExactly(all.get(1));
    }
}
