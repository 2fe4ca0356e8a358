package org.xiangtu.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;

/**
 * The demo catalogue's relapse-watch rules on hand-made households: each rule fires on the household made
 * to hit it and on no other, never on missing data; a broken rule in the catalogue is refused by name.
 */
class RelapseRulesTest {

    private static final Catalog CATALOG = CatalogLoader.read(DataSource.folder(Path.of("data")));
    private static final RelapseRules RULES = RelapseRules.of(CATALOG);
    private static final LocalDate DAY = LocalDate.of(2020, 11, 15);

    /** A household safely above the 2020 line (6,000 per person), all guarantees ensured, steady income. */
    private static Map<String, Object> safe() {
        Map<String, Object> h = new HashMap<>();
        h.put("code", "500151001001001");
        h.put("size", 3);
        for (String g : List.of("food_clothing", "housing", "water", "education", "medical")) {
            h.put(g, "ensured");
        }
        for (int y : List.of(2019, 2020)) {
            h.put("income_wage_" + y, 15000.0);
            h.put("income_business_" + y, 6000.0);
            h.put("income_transfer_" + y, 2000.0);
            h.put("income_property_" + y, 500.0);
        }
        return h;
    }

    private static List<String> hits(Map<String, Object> h, List<RelapseRules.Reported> reported, LocalDate day) {
        return RULES.check(h, reported, day).stream().map(RelapseRules.Hit::rule).toList();
    }

    @Test
    void a_safe_household_hits_nothing() {
        assertThat(RULES.ruleIds()).contains("income_below_line", "income_drop", "guarantee_lost",
                "guarantee_at_risk", "medical_expense", "disaster", "job_loss");
        assertThat(hits(safe(), List.of(), DAY)).isEmpty();
    }

    @Test
    void income_below_the_line_of_the_year() {
        Map<String, Object> h = safe();
        // 2020 total 17,900 / 3 people = 5,966.67 < 6,000; 2019 stays above so there is no sharp fall
        h.put("income_wage_2020", 9400.0);
        h.put("income_wage_2019", 9400.0);
        assertThat(hits(h, List.of(), DAY)).containsExactly("income_below_line");
        // the same incomes checked in 2019 use the 2019 fields and line (5,000): no hit
        assertThat(hits(h, List.of(), LocalDate.of(2019, 6, 1))).isEmpty();
        h.put("income_wage_2020", 9500.0); // 18,000 / 3 = 6,000: not below
        assertThat(hits(h, List.of(), DAY)).isEmpty();
        // before the first line year there is no check at all
        h.put("income_wage_2020", 0.0);
        assertThat(hits(h, List.of(), LocalDate.of(2018, 12, 31))).isEmpty();
    }

    @Test
    void income_fallen_by_more_than_the_share() {
        Map<String, Object> h = safe();
        h.put("income_wage_2019", 30000.0); // 2019: 38,500; 2020: 23,500 → fell by 39 %
        assertThat(hits(h, List.of(), DAY)).containsExactly("income_drop");
        h.put("income_wage_2019", 18000.0); // 2019: 26,500 → fell by 11 %
        assertThat(hits(h, List.of(), DAY)).isEmpty();
    }

    @Test
    void a_lost_or_threatened_guarantee() {
        Map<String, Object> h = safe();
        h.put("water", "not_ensured");
        assertThat(hits(h, List.of(), DAY)).containsExactly("guarantee_lost");
        h.put("water", "at_risk");
        assertThat(hits(h, List.of(), DAY)).containsExactly("guarantee_at_risk");
        h.put("medical", "not_ensured");
        assertThat(hits(h, List.of(), DAY)).containsExactly("guarantee_lost", "guarantee_at_risk");
    }

    @Test
    void events_reported_on_visits_count_for_thirty_days() {
        Map<String, Object> h = safe();
        var medical = new RelapseRules.Reported("medical_expense", DAY.minusDays(29));
        var disaster = new RelapseRules.Reported("disaster", DAY.minusDays(30));
        var future = new RelapseRules.Reported("job_loss", DAY.plusDays(1));
        assertThat(hits(h, List.of(medical, disaster, future), DAY)).containsExactly("medical_expense");
        var hit = RULES.check(h, List.of(medical), DAY).get(0);
        assertThat(hit.tier()).isEqualTo("high");
        assertThat(hit.due()).isEqualTo(DAY.plusDays(7));
        assertThat(RULES.check(h, List.of(new RelapseRules.Reported("disaster", DAY)), DAY).get(0).actor())
                .isEqualTo("town");
    }

    @Test
    void missing_data_never_fires() {
        Map<String, Object> h = safe();
        h.remove("income_property_2020");
        h.put("size", 0);
        h.put("water", null);
        assertThat(hits(h, List.of(), DAY)).isEmpty();
    }

    @Test
    void a_broken_rule_is_refused_by_name() throws Exception {
        assertRefused("{\"lt\":[\"income_wage_{year}\",{\"line\":\"year\"}]}", null);
        assertRefused("{\"lt\":[\"salary_{year}\",{\"line\":\"year\"}]}", "salary_2020");
        assertRefused("{\"in\":{\"field\":\"water\",\"values\":[\"wet\"]}}", "'wet' is not a value of water");
        assertRefused("{\"reported\":{\"event\":\"lottery\",\"withinDays\":5}}", "lottery");
        assertRefused("{\"xor\":[]}", "unknown operator 'xor'");
        assertRefused("{\"fallsBy\":{\"from\":1,\"to\":2,\"share\":2}}", "share");
    }

    private static void assertRefused(String when, String message) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode cat = (ObjectNode) json.readTree(Files.readString(Path.of("data/catalog.json")));
        ObjectNode rule = (ObjectNode) cat.path("watch").path("rules").get(0);
        rule.set("when", json.readTree(when));
        byte[] bytes = json.writeValueAsBytes(cat);
        if (message == null) {
            assertThat(CatalogLoader.read(new ByteArrayInputStream(bytes), "test").watch().rules()).isNotEmpty();
            return;
        }
        assertThatThrownBy(() -> CatalogLoader.read(new ByteArrayInputStream(bytes), "test"))
                .hasMessageContaining(message);
    }
}
