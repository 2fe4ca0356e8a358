package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.analysis.HouseholdFigures;
import org.xiangtu.store.HouseholdChangeStore.AlreadyResolved;
import org.xiangtu.store.HouseholdChangeStore.Merged;
import org.xiangtu.store.HouseholdChangeStore.Resolved;
import org.xiangtu.store.HouseholdChangeStore.Review;
import org.xiangtu.store.HouseholdChangeStore.Update;

/**
 * The {@link HouseholdChangeStore} contract on every backend holding the county's demo households:
 * changes to different fields merge; a field someone changed since the update's base goes to a review
 * (and resolving it applies or keeps); a field that already holds the proposal is left alone; an update
 * sent twice is stored once; a refused update writes nothing; the village's computed fields are the
 * {@link HouseholdFigures} recount of its households. The tests read each household's version first,
 * so they do not depend on each other's order.
 */
public abstract class HouseholdChangeStoreContract extends WorkBackendContract {
    protected static final String CADRE = "gb50015100300101";
    protected static final String OTHER = "gb50015100300102";
    protected static final String VILLAGE = "500151003001";
    protected static final String FIRST = "5001510030010001";
    protected static final String SECOND = "5001510030010002";
    protected HouseholdChangeStore changes;

    @BeforeAll
    void openChanges() {
        changes = backend.work().householdChanges();
    }

    protected static Update update(String id, String household, String cadre, long base, Map<String, Object> values,
            String action, String outcome) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new Update(id, household, cadre, base, "2020-10-14T09:35:00+08:00", values, now,
                new AuditEntry(0, now, cadre, "192.0.2.1", action, id, outcome, "{}"));
    }

    protected Object value(String household, String f) {
        return field.household(household).orElseThrow().properties().get(f);
    }

    @Test
    void changes_to_different_fields_merge_into_new_versions() {
        long base = changes.version(FIRST);
        long size = ((Number) value(FIRST, "size")).longValue();
        Merged a = changes.update(update(UUID.randomUUID().toString(), FIRST, CADRE, base,
                Map.of("size", size + 1), "hc-merge", "ok"));
        assertThat(a.applied()).containsExactly("size");
        assertThat(a.version()).isEqualTo(base + 1);
        Merged b = changes.update(update(UUID.randomUUID().toString(), FIRST, OTHER, base,
                Map.of("income_wage_2020", 40123.5), "hc-merge", "ok"));
        assertThat(b.applied()).containsExactly("income_wage_2020");
        assertThat(b.reviews()).isEmpty();
        assertThat(b.version()).isEqualTo(base + 2);
        assertThat(value(FIRST, "size")).isEqualTo(size + 1);
        assertThat(((Number) value(FIRST, "income_wage_2020")).doubleValue()).isEqualTo(40123.5);
        assertThat(changes.version(FIRST)).isEqualTo(base + 2);
        assertThat(changes.versions(CADRE)).containsEntry(FIRST, base + 2);
        assertThat(audit.page("hc-merge", null, 10, 0)).hasSize(2);
    }

    @Test
    void the_same_field_changed_meanwhile_goes_to_a_review_and_is_resolved_once() {
        long base = changes.version(SECOND);
        Object original = value(SECOND, "main_cause");
        String mine = "illness".equals(original) ? "disability" : "illness";
        Merged a = changes.update(update(UUID.randomUUID().toString(), SECOND, CADRE, base,
                Map.of("main_cause", mine), "hc-review", "ok"));
        assertThat(a.applied()).containsExactly("main_cause");
        Merged b = changes.update(update(UUID.randomUUID().toString(), SECOND, OTHER, base,
                Map.of("main_cause", "lack_of_skills", "water_checked", "2020-10-01"), "hc-review", "ok"));
        assertThat(b.applied()).containsExactly("water_checked");
        assertThat(b.reviews()).extracting(HouseholdChangeStore.ReviewRef::field).containsExactly("main_cause");
        assertThat(value(SECOND, "main_cause")).isEqualTo(mine); // nothing silently overwritten
        assertThat(value(SECOND, "water_checked")).isEqualTo("2020-10-01");
        String reviewId = b.reviews().get(0).id();
        Review r = changes.review(reviewId).orElseThrow();
        assertThat(r.status()).isEqualTo("open");
        assertThat(r.villageCode()).isEqualTo(VILLAGE);
        assertThat(List.of(String.valueOf(r.baseValue()), r.currentValue(), r.proposedValue()))
                .containsExactly(String.valueOf(original), mine, "lack_of_skills");
        assertThat(changes.reviews("open")).extracting(Review::id).contains(reviewId);
        assertThat(changes.openByVillage()).containsKey(VILLAGE);

        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HouseholdChangeStore.Resolution done = changes.resolve(reviewId, true, "leader", at,
                new AuditEntry(0, at, "leader", "192.0.2.1", "hc-resolve", reviewId, "ok", "{}"));
        assertThat(done).isInstanceOf(Resolved.class);
        assertThat(((Resolved) done).version()).isEqualTo(b.version() + 1);
        assertThat(((Resolved) done).review().resolution()).isEqualTo("proposed");
        assertThat(value(SECOND, "main_cause")).isEqualTo("lack_of_skills");
        assertThat(changes.resolve(reviewId, false, "leader", at, new AuditEntry(0, at, "leader", "192.0.2.1",
                "hc-resolve", reviewId, "ok", "{}"))).isInstanceOf(AlreadyResolved.class);
        assertThat(value(SECOND, "main_cause")).isEqualTo("lack_of_skills");
        assertThat(changes.reviews("resolved")).extracting(Review::id).contains(reviewId);
        assertThat(changes.reviews("open")).extracting(Review::id).doesNotContain(reviewId);
        assertThat(audit.page("hc-resolve", null, 10, 0)).hasSize(1);
    }

    @Test
    void a_cadres_updates_tell_what_became_of_each_field_and_of_its_reviews() {
        String third = "5001511192030040"; // the concurrency test changes the first eight of this village
        String cadre = "gb-updates-" + UUID.randomUUID();
        long base = changes.version(third);
        Object before = value(third, "food_clothing");
        String mine = "at_risk".equals(before) ? "not_ensured" : "at_risk";
        String theirs = "ensured".equals(before) ? "not_ensured" : "ensured";
        changes.update(update(UUID.randomUUID().toString(), third, OTHER, base, Map.of("food_clothing", theirs),
                "hc-status", "ok"));
        String id = UUID.randomUUID().toString();
        Merged m = changes.update(update(id, third, cadre, base, Map.of("food_clothing", mine, "size",
                ((Number) value(third, "size")).longValue() + 1), "hc-status", "ok"));
        assertThat(m.reviews()).hasSize(1);

        List<HouseholdChangeStore.UpdateStatus> all = changes.updates(cadre, null);
        assertThat(all).extracting(HouseholdChangeStore.UpdateStatus::id).containsExactly(id);
        HouseholdChangeStore.UpdateStatus u = all.get(0);
        assertThat(u.householdCode()).isEqualTo(third);
        assertThat(u.version()).isEqualTo(m.version());
        assertThat(u.applied()).containsExactly("size");
        assertThat(u.reviews()).extracting(Review::field).containsExactly("food_clothing");
        assertThat(u.reviews().get(0).status()).isEqualTo("open");
        assertThat(changes.updates(CADRE, null)).extracting(HouseholdChangeStore.UpdateStatus::id).doesNotContain(id);

        Instant since = Instant.now().plusMillis(500).truncatedTo(ChronoUnit.MILLIS);
        assertThat(changes.updates(cadre, since)).isEmpty(); // nothing new since
        Instant at = since.plusSeconds(1);
        changes.resolve(m.reviews().get(0).id(), false, "leader", at,
                new AuditEntry(0, at, "leader", "192.0.2.1", "hc-status-resolve", m.reviews().get(0).id(), "ok", "{}"));
        List<HouseholdChangeStore.UpdateStatus> later = changes.updates(cadre, since);
        assertThat(later).extracting(HouseholdChangeStore.UpdateStatus::id).containsExactly(id);
        Review r = later.get(0).reviews().get(0);
        assertThat(List.of(r.status(), r.resolution())).containsExactly("resolved", "current");
        assertThat(r.resolvedAt()).isEqualTo(at);
        assertThat(changes.updates(cadre, at.plusSeconds(1))).isEmpty();
    }

    @Test
    void a_field_that_already_holds_the_proposal_is_left_alone() {
        long base = changes.version(FIRST);
        Merged a = changes.update(update(UUID.randomUUID().toString(), FIRST, CADRE, base,
                Map.of("housing", "at_risk"), "hc-noop", "ok"));
        Merged b = changes.update(update(UUID.randomUUID().toString(), FIRST, OTHER, base,
                Map.of("housing", "at_risk", "class", value(FIRST, "class")), "hc-noop", "ok"));
        assertThat(b.applied()).isEmpty();
        assertThat(b.reviews()).isEmpty();
        assertThat(b.version()).isEqualTo(a.version());
        assertThat(changes.version(FIRST)).isEqualTo(a.version());
    }

    @Test
    void an_update_sent_twice_is_stored_once_and_answered_the_same() {
        long base = changes.version(FIRST);
        String id = UUID.randomUUID().toString();
        Update u = update(id, FIRST, CADRE, base, Map.of("lifted_year", 2019L + base), "hc-twice", "ok");
        Merged first = changes.update(u);
        Merged again = changes.update(update(id, FIRST, CADRE, base, Map.of("lifted_year", 2000L), "hc-twice", "ok"));
        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.version()).isEqualTo(first.version());
        assertThat(again.applied()).isEqualTo(first.applied());
        assertThat(again.villageFields()).isEqualTo(first.villageFields());
        assertThat(changes.version(FIRST)).isEqualTo(base + 1);
        assertThat(value(FIRST, "lifted_year")).isEqualTo(2019L + base);
        assertThat(audit.page("hc-twice", null, 10, 0)).hasSize(1);
    }

    @Test
    void a_refused_update_writes_nothing() {
        long base = changes.version(SECOND);
        Object before = value(SECOND, "education");
        String other = "ensured".equals(before) ? "at_risk" : "ensured";
        Map<String, Long> open = changes.openByVillage();
        // the audit entry is written last: refusing it must undo the household, its change rows and the village
        assertThatThrownBy(() -> changes.update(update(UUID.randomUUID().toString(), SECOND, CADRE, base,
                Map.of("education", other), "hc-refused", null))).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> changes.update(update(UUID.randomUUID().toString(), SECOND, CADRE, base,
                Map.of("head_name", "某某"), "hc-refused", "ok"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(changes.version(SECOND)).isEqualTo(base);
        assertThat(value(SECOND, "education")).isEqualTo(before);
        assertThat(changes.openByVillage()).isEqualTo(open);
        assertThat(audit.page("hc-refused", null, 10, 0)).isEmpty();
    }

    @Test
    void the_village_fields_are_the_recount_of_its_households() throws Exception {
        long base = changes.version(FIRST);
        String now = (String) value(FIRST, "class");
        String next = "push".equals(now) ? "safety_net" : "push";
        Merged m = changes.update(update(UUID.randomUUID().toString(), FIRST, CADRE, base,
                Map.of("class", next, "extreme_poor_people", 2L), "hc-village", "ok"));
        assertThat(m.villageCode()).isEqualTo(VILLAGE);
        assertThat(m.villageFields()).isEqualTo(HouseholdFigures.villageFields(villageHouseholds()));
        assertThat(m.villageFields().get(next + "_households")).isPositive();
    }

    /** The biggest demo village (82 households), whose households the concurrency test changes at once. */
    protected static final String BUSY_VILLAGE = "500151119203";

    /**
     * The village's computed fields as its row holds them now (not as an update answered them); by
     * default read back through the backend's feature store.
     */
    protected Map<String, Long> storedVillageFields(String village) {
        FeatureStore features = backend.features().orElseThrow();
        List<Feature> found = features.features("villages", new FeatureQuery(null, Map.of("code", village), null,
                HouseholdFigures.VILLAGE_FIELDS, 2, 0)).features();
        assertThat(found).hasSize(1);
        Map<String, Long> out = new LinkedHashMap<>();
        for (String f : HouseholdFigures.VILLAGE_FIELDS) {
            out.put(f, ((Number) found.get(0).properties().get(f)).longValue());
        }
        return out;
    }

    @Test
    void concurrent_updates_to_one_villages_households_leave_its_fields_equal_to_a_recount() throws Exception {
        List<String> codes = demoHouseholdCodes(BUSY_VILLAGE);
        int threads = 8;
        int rounds = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int r = 0; r < rounds; r++) {
                // each round, 8 households of the village change class and size at once (a barrier starts them
                // together), so every update changes the village's figures while the others do
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
                List<java.util.concurrent.Future<Merged>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String code = codes.get(t);
                    String cadre = (String) field.household(code).orElseThrow().properties().get("cadre");
                    String cls = List.of("watch", "push", "safety_net").get((t + r + 1) % 3);
                    long size = 1 + (t + r) % 7;
                    Map<String, Object> values = Map.of("class", cls, "size", size,
                            "extreme_poor_people", "safety_net".equals(cls) ? Math.min(size, 2) : 0L);
                    long base = changes.version(code);
                    done.add(pool.submit(() -> {
                        start.await();
                        return changes.update(update(UUID.randomUUID().toString(), code, cadre, base, values,
                                "hc-concurrent", "ok"));
                    }));
                }
                for (java.util.concurrent.Future<Merged> f : done) {
                    assertThat(f.get(120, java.util.concurrent.TimeUnit.SECONDS).applied()).isNotEmpty();
                }
                List<Map<String, Object>> households = new ArrayList<>();
                for (String code : codes) {
                    households.add(field.household(code).orElseThrow().properties());
                }
                assertThat(storedVillageFields(BUSY_VILLAGE)).as("round %d", r)
                        .isEqualTo(HouseholdFigures.villageFields(households));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(audit.page("hc-concurrent", null, 100, 0)).hasSize(threads * rounds);
    }

    /** The codes of a village's demo households, in code order. */
    private static List<String> demoHouseholdCodes(String village) throws Exception {
        List<String> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("data/households.geojson.gz")))) {
            for (JsonNode f : new ObjectMapper().readTree(in).get("features")) {
                if (f.get("properties").get("village_code").asText().equals(village)) {
                    out.add(f.get("properties").get("code").asText());
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** The village's demo households, with the two this contract changes as the store holds them now. */
    private List<Map<String, Object>> villageHouseholds() throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("data/households.geojson.gz")))) {
            for (JsonNode f : new ObjectMapper().readTree(in).get("features")) {
                JsonNode p = f.get("properties");
                if (!p.get("village_code").asText().equals(VILLAGE)) {
                    continue;
                }
                String code = p.get("code").asText();
                if (code.equals(FIRST) || code.equals(SECOND)) {
                    out.add(new LinkedHashMap<>(field.household(code).orElseThrow().properties()));
                } else {
                    Map<String, Object> h = new HashMap<>();
                    h.put("class", p.get("class").asText());
                    h.put("size", p.get("size").asLong());
                    h.put("extreme_poor_people", p.get("extreme_poor_people").asLong());
                    out.add(h);
                }
            }
        }
        return out;
    }
}
