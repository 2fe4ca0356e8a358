package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.xiangtu.store.FieldStore.Added;
import org.xiangtu.store.FieldStore.Duplicate;
import org.xiangtu.store.FieldStore.Household;
import org.xiangtu.store.FieldStore.Outcome;
import org.xiangtu.store.FieldStore.Visit;

/**
 * The {@link FieldStore} contract, run on every backend holding the county's demo households and
 * visits ({@code data/households.geojson.gz}, {@code data/visits.geojson.gz}, {@code data/home_visits.geojson}):
 * a cadre's households are theirs only, in code order, with every field; a visit is stored with its
 * month's recount and its audit entry; a visit sent twice is stored once; concurrent visits to one
 * village and month are all counted; a write that fails at its last statement leaves nothing.
 * Each test uses a month of its own, so the tests do not depend on each other's order.
 */
public abstract class FieldStoreContract extends WorkBackendContract {
    /** A demo cadre and their two households in village 500151003001 (two visits there every demo month). */
    protected static final String CADRE = "gb50015100300101";
    protected static final String VILLAGE = "500151003001";
    protected static final String FIRST = "5001510030010001";

    protected static Visit visit(String id, String at, String note, Double lon, Double lat) {
        return new Visit(id, FIRST, VILLAGE, CADRE, at, "monthly", note, 0, lon, lat,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    protected static AuditEntry entry(String action, String id, String outcome) {
        return new AuditEntry(0, Instant.now(), CADRE, "192.0.2.1", action, id, outcome, "{}");
    }

    @Test
    void a_cadre_has_exactly_their_households_in_code_order_with_every_field() {
        List<Household> mine = field.households(CADRE);
        assertThat(mine).extracting(Household::code).containsExactly(FIRST, "5001510030010002");
        Household h = mine.get(0);
        assertThat(h.id()).isEqualTo("hh-" + FIRST);
        assertThat(h.cadre()).isEqualTo(CADRE);
        assertThat(h.villageCode()).isEqualTo(VILLAGE);
        assertThat(h.properties()).containsEntry("head_name", "马建永").containsEntry("size", 4L)
                .containsEntry("class", "watch").containsEntry("food_clothing_checked", "2020-07-03")
                .containsEntry("lifted_year", 2018L).containsKeys("income_wage_2020", "updated_at", "main_cause");
        assertThat(((Number) h.properties().get("income_wage_2019")).doubleValue()).isEqualTo(33130.0);
        assertThat(Instant.parse((String) h.properties().get("updated_at"))).isEqualTo("2020-10-31T00:00:00Z");
        assertThat(h.lon()).isCloseTo(106.041955, Offset.offset(1e-6));
        assertThat(h.lat()).isCloseTo(29.844704, Offset.offset(1e-6));
        assertThat(field.households("gb-nobody")).isEmpty();
        assertThat(field.households(null)).isEmpty();
    }

    @Test
    void one_household_by_code() {
        assertThat(field.household(FIRST).orElseThrow().properties()).isEqualTo(field.households(CADRE).get(0)
                .properties());
        assertThat(field.household("no-such-household")).isEmpty();
    }

    @Test
    void every_household_streamed_in_code_order_all_columns_or_the_fields_asked_for() {
        List<Household> all = new java.util.ArrayList<>();
        field.eachHousehold(all::add);
        List<Household> some = new java.util.ArrayList<>();
        field.eachHousehold(List.of("size", "income_wage_2020", "food_clothing"), some::add);
        assertThat(all).hasSizeGreaterThan(1000);
        assertThat(some).extracting(Household::code).containsExactlyElementsOf(all.stream().map(Household::code).toList());
        assertThat(all.stream().filter(h -> h.code().equals(FIRST)).findFirst().orElseThrow().properties())
                .isEqualTo(field.household(FIRST).orElseThrow().properties());
        for (int i = 0; i < all.size(); i += 97) { // the fields asked for, read as in every column
            for (String f : List.of("code", "size", "income_wage_2020", "food_clothing")) {
                assertThat(some.get(i).properties().get(f)).isEqualTo(all.get(i).properties().get(f));
            }
        }
    }

    @Test
    void a_new_visit_is_stored_with_its_month_recounted_and_audited() {
        String id = UUID.randomUUID().toString();
        Outcome o = field.addVisit(visit(id, "2020-09-14T09:35:00+08:00", "看望，核对收入", 106.04, 29.84),
                entry("fs-add", id, "ok"));
        assertThat(o).isInstanceOf(Added.class);
        assertThat(((Added) o).monthVisits()).isEqualTo(3); // two demo visits that month, and this one
        Visit stored = field.visit(id).orElseThrow();
        assertThat(o.visit()).isEqualTo(stored);
        assertThat(stored.householdCode()).isEqualTo(FIRST);
        assertThat(stored.at()).isEqualTo("2020-09-14T09:35:00+08:00");
        assertThat(stored.note()).isEqualTo("看望，核对收入");
        assertThat(stored.lon()).isCloseTo(106.04, Offset.offset(1e-9));
        assertThat(stored.lat()).isCloseTo(29.84, Offset.offset(1e-9));
        assertThat(audit.page("fs-add", null, 10, 0)).extracting(AuditEntry::target).containsExactly(id);
    }

    @Test
    void a_visit_sent_twice_is_stored_once() {
        String id = UUID.randomUUID().toString();
        Outcome first = field.addVisit(visit(id, "2020-08-03T10:00:00+08:00", "first", null, null),
                entry("fs-twice", id, "ok"));
        Outcome again = field.addVisit(visit(id, "2020-08-05T10:00:00+08:00", "second", 106.0, 29.8),
                entry("fs-twice", id, "ok"));
        assertThat(first).isInstanceOf(Added.class);
        assertThat(again).isInstanceOf(Duplicate.class);
        assertThat(again.visit()).isEqualTo(first.visit());
        assertThat(again.visit().note()).isEqualTo("first");
        assertThat(again.visit().lon()).isNull();
        assertThat(audit.page("fs-twice", null, 10, 0)).hasSize(1);
        String other = UUID.randomUUID().toString();
        Added next = (Added) field.addVisit(visit(other, "2020-08-20T10:00:00+08:00", null, null, null),
                entry("fs-twice", other, "ok"));
        assertThat(next.monthVisits()).isEqualTo(((Added) first).monthVisits() + 1);
    }

    @Test
    void a_visit_in_a_month_without_a_row_makes_it() {
        String id = UUID.randomUUID().toString();
        Added a = (Added) field.addVisit(visit(id, "2026-11-30T23:59:00+08:00", null, null, null),
                entry("fs-new-month", id, "ok"));
        assertThat(a.monthVisits()).isEqualTo(1);
        String id2 = UUID.randomUUID().toString();
        Added b = (Added) field.addVisit(visit(id2, "2026-11-01T00:00:00+08:00", null, null, null),
                entry("fs-new-month", id2, "ok"));
        assertThat(b.monthVisits()).isEqualTo(2);
    }

    @Test
    void concurrent_visits_to_one_village_and_month_are_all_counted() throws Exception {
        List<Outcome> outcomes = Concurrently.run(8, i -> {
            String id = UUID.randomUUID().toString();
            return field.addVisit(visit(id, "2020-07-1" + i + "T08:00:00+08:00", "race " + i, null, null),
                    entry("fs-race", id, "ok"));
        });
        assertThat(outcomes).allMatch(o -> o instanceof Added);
        assertThat(outcomes.stream().mapToLong(o -> ((Added) o).monthVisits()).sorted().toArray())
                .containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(audit.page("fs-race", null, 100, 0)).hasSize(8);
    }

    @Test
    void a_write_that_fails_at_its_last_statement_leaves_nothing_behind() {
        String id = UUID.randomUUID().toString();
        // the audit entry is written last, after the visit and the month's count: refusing it must undo them
        assertThatThrownBy(() -> field.addVisit(visit(id, "2020-06-10T10:00:00+08:00", null, null, null),
                entry("fs-refused", id, null))).isInstanceOf(RuntimeException.class);
        assertThat(field.visit(id)).isEmpty();
        assertThat(audit.page("fs-refused", null, 10, 0)).isEmpty();
        String next = UUID.randomUUID().toString();
        Added a = (Added) field.addVisit(visit(next, "2020-06-11T10:00:00+08:00", null, null, null),
                entry("fs-refused-next", next, "ok"));
        assertThat(a.monthVisits()).isEqualTo(3);
    }
}
