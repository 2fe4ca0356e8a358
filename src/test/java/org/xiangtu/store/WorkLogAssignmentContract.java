package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.xiangtu.store.FieldStore.Assigned;
import org.xiangtu.store.FieldStore.Assignment;
import org.xiangtu.store.FieldStore.Household;
import org.xiangtu.store.FieldStore.LogOutcome;
import org.xiangtu.store.FieldStore.UnknownHouseholds;
import org.xiangtu.store.FieldStore.WorkLog;

/**
 * The {@link FieldStore} contract for work logs and assignments, on every backend holding the county's
 * demo data: a log is stored with its audit entry, a log sent twice is stored once, a cadre's logs come
 * newest first; an assignment sets every listed household's cadre with one audit entry naming the
 * previous cadres, an unknown code writes nothing, and a write refused at its last statement (the audit
 * entry) leaves nothing. Each test uses households or logs of its own.
 */
public abstract class WorkLogAssignmentContract extends WorkBackendContract {
    /** A demo cadre with six households in village 500151103202, and four demo logs. */
    protected static final String CADRE = "gb50015110320201";
    protected static final String VILLAGE = "500151103202";
    protected static final String HOUSEHOLD = "5001511032020001";

    protected static WorkLog log(String id, String cadre, String at, String text, Double lon, Double lat) {
        return new WorkLog(id, HOUSEHOLD, VILLAGE, cadre, at, "work_log", text, 0, lon, lat,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    protected static AuditEntry entry(String action, String id, String outcome) {
        return new AuditEntry(0, Instant.now(), CADRE, "192.0.2.1", action, id, outcome, "{}");
    }

    @Test
    void a_new_log_is_stored_and_audited() {
        String id = UUID.randomUUID().toString();
        LogOutcome o = field.addLog(log(id, CADRE, "2020-09-14T09:35:00+08:00", "入户核对收入\n第二行", 106.1, 29.9),
                entry("wl-add", id, "ok"));
        assertThat(o.created()).isTrue();
        WorkLog stored = field.log(id).orElseThrow();
        assertThat(o.log()).isEqualTo(stored);
        assertThat(stored.householdCode()).isEqualTo(HOUSEHOLD);
        assertThat(stored.villageCode()).isEqualTo(VILLAGE);
        assertThat(stored.text()).isEqualTo("入户核对收入\n第二行");
        assertThat(stored.kind()).isEqualTo("work_log");
        assertThat(stored.lon()).isCloseTo(106.1, Offset.offset(1e-9));
        assertThat(stored.lat()).isCloseTo(29.9, Offset.offset(1e-9));
        assertThat(audit.page("wl-add", null, 10, 0)).extracting(AuditEntry::target).containsExactly(id);
        assertThat(field.log("no-such-log")).isEmpty();
    }

    @Test
    void a_village_log_has_no_household_and_may_have_no_position() {
        String id = UUID.randomUUID().toString();
        WorkLog village = new WorkLog(id, null, VILLAGE, CADRE, "2020-09-15T09:00:00+08:00", "measure", "村道硬化协调",
                0, null, null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        assertThat(field.addLog(village, entry("wl-village", id, "ok")).created()).isTrue();
        WorkLog stored = field.log(id).orElseThrow();
        assertThat(stored.householdCode()).isNull();
        assertThat(stored.lon()).isNull();
        assertThat(stored).isEqualTo(village);
    }

    @Test
    void a_log_sent_twice_is_stored_once() {
        String id = UUID.randomUUID().toString();
        LogOutcome first = field.addLog(log(id, CADRE, "2020-08-03T10:00:00+08:00", "first", null, null),
                entry("wl-twice", id, "ok"));
        LogOutcome again = field.addLog(log(id, CADRE, "2020-08-05T10:00:00+08:00", "second", 106.0, 29.8),
                entry("wl-twice", id, "ok"));
        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.log()).isEqualTo(first.log());
        assertThat(again.log().text()).isEqualTo("first");
        assertThat(audit.page("wl-twice", null, 10, 0)).hasSize(1);
    }

    @Test
    void a_cadres_logs_come_newest_first_in_pages() {
        String cadre = "gb-wl-list";
        List<String> ids = new ArrayList<>();
        for (String at : List.of("2020-03-01T08:00:00+08:00", "2020-05-01T08:00:00+08:00", "2020-04-01T08:00:00+08:00")) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            field.addLog(log(id, cadre, at, "log " + at, null, null), entry("wl-list", id, "ok"));
        }
        assertThat(field.logs(cadre, 10, 0)).extracting(WorkLog::id).containsExactly(ids.get(1), ids.get(2), ids.get(0));
        assertThat(field.logs(cadre, 1, 1)).extracting(WorkLog::id).containsExactly(ids.get(2));
        assertThat(field.logs(CADRE, 100, 0)).extracting(WorkLog::cadre).containsOnly(CADRE);
        assertThat(field.logs(CADRE, 100, 0)).extracting(WorkLog::id).contains("log-00115", "log-00119");
        assertThat(field.logs("gb-nobody", 10, 0)).isEmpty();
    }

    @Test
    void a_log_refused_at_its_last_statement_leaves_nothing_behind() {
        String id = UUID.randomUUID().toString();
        // the audit entry is written last, after the log: refusing it must undo the log
        assertThatThrownBy(() -> field.addLog(log(id, CADRE, "2020-06-10T10:00:00+08:00", "x", null, null),
                entry("wl-refused", id, null))).isInstanceOf(RuntimeException.class);
        assertThat(field.log(id)).isEmpty();
        assertThat(audit.page("wl-refused", null, 10, 0)).isEmpty();
    }

    @Test
    void an_assignment_sets_every_households_cadre_with_one_audit_entry_of_the_previous_cadres() {
        List<String> codes = List.of("5001510030020001", "5001510030020002", "5001510030030001");
        String before = field.household("5001510030030001").orElseThrow().cadre();
        Instant at = Instant.parse("2026-12-01T08:00:00Z");
        Assignment a = field.assign("gb-new", codes, at, previous -> new AuditEntry(0, at, "admin", null,
                "as-set", "gb-new", "ok", previous.toString()));
        assertThat(a).isInstanceOf(Assigned.class);
        assertThat(((Assigned) a).previous()).containsExactly(Map.entry("5001510030020001", "gb50015100300201"),
                Map.entry("5001510030020002", "gb50015100300201"), Map.entry("5001510030030001", before));
        assertThat(field.households("gb-new")).extracting(Household::code).containsExactlyElementsOf(codes);
        assertThat(field.households("gb50015100300201")).isEmpty();
        assertThat(Instant.parse((String) field.household("5001510030020001").orElseThrow().properties()
                .get("updated_at"))).isEqualTo(at);
        assertThat(audit.page("as-set", null, 10, 0)).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("gb50015100300201"));
        Assignment none = field.assign(null, List.of("5001510030020002"), at, previous -> new AuditEntry(0, at,
                "admin", null, "as-unset", "", "ok", "{}"));
        assertThat(((Assigned) none).previous()).containsExactly(Map.entry("5001510030020002", "gb-new"));
        assertThat(field.household("5001510030020002").orElseThrow().cadre()).isNull();
        assertThat(field.households("gb-new")).hasSize(2);
    }

    @Test
    void an_assignment_with_an_unknown_code_writes_nothing() {
        Instant at = Instant.parse("2026-12-01T08:00:00Z");
        Assignment a = field.assign("gb-unknown", List.of("5001510012010001", "no-such-1", "no-such-2"), at,
                previous -> new AuditEntry(0, at, "admin", null, "as-unknown", "gb-unknown", "ok", "{}"));
        assertThat(a).isEqualTo(new UnknownHouseholds(List.of("no-such-1", "no-such-2")));
        assertThat(field.households("gb-unknown")).isEmpty();
        assertThat(audit.page("as-unknown", null, 10, 0)).isEmpty();
    }

    @Test
    void an_assignment_refused_at_its_last_statement_leaves_nothing_behind() {
        String before = field.household("5001510012020001").orElseThrow().cadre();
        Instant at = Instant.parse("2026-12-01T08:00:00Z");
        assertThatThrownBy(() -> field.assign("gb-refused", List.of("5001510012020001"), at,
                previous -> new AuditEntry(0, at, "admin", null, "as-refused", "gb-refused", null, "{}")))
                .isInstanceOf(RuntimeException.class);
        assertThat(field.household("5001510012020001").orElseThrow().cadre()).isEqualTo(before);
        assertThat(audit.page("as-refused", null, 10, 0)).isEmpty();
    }

    @Test
    void an_assignment_of_more_codes_than_one_statement_binds_is_one_write() {
        List<String> codes = field.households(CADRE).stream().map(Household::code).toList();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            many.add(codes.get(i % codes.size()));
        }
        Instant at = Instant.parse("2026-12-01T08:00:00Z");
        Assignment a = field.assign("gb-many", many, at, previous -> new AuditEntry(0, at, "admin", null,
                "as-many", "gb-many", "ok", String.valueOf(previous.size())));
        assertThat(((Assigned) a).previous()).hasSize(codes.size()).containsValue(CADRE);
        assertThat(field.households("gb-many")).extracting(Household::code).containsExactlyElementsOf(codes);
        field.assign(CADRE, codes, at, previous -> new AuditEntry(0, at, "admin", null, "as-many", CADRE, "ok", "{}"));
        assertThat(field.households(CADRE)).hasSize(codes.size());
    }
}
