package org.xiangtu.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xiangtu.analysis.WatchArea.AtRisk;
import org.xiangtu.analysis.WatchArea.OpenAlert;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.Watch;

/**
 * The relapse watch in a drawn area on hand-made households: each household once, under its main alert (highest
 * tier, then earliest); exact figures for a role that may see households; the small-group rule otherwise, with
 * complements so that the total less the visible parts never singles out a group.
 */
class WatchAreaTest {
    private static final Watch WATCH = CatalogLoader.read(DataSource.folder(Path.of("data"))).watch();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AtRisk alerted(String code, boolean monitored, OpenAlert... alerts) {
        return new AtRisk(code, List.of(alerts), monitored);
    }

    private static OpenAlert alert(String id, String rule, String tier, String openedAt) {
        return new OpenAlert(id, rule, tier, openedAt);
    }

    private static List<AtRisk> many(int n, String rule, String tier) {
        List<AtRisk> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(alerted(rule + i, false, alert(rule + "-a" + i, rule, tier, "2020-10-01T00:00:00Z")));
        }
        return out;
    }

    private static JsonNode figure(JsonNode w, String list, String key, String value) {
        for (JsonNode n : w.get(list)) {
            if (n.get(key).asText().equals(value)) {
                return n.get("households");
            }
        }
        throw new AssertionError(value + " not in " + list);
    }

    @Test
    void a_household_counts_once_under_its_highest_tier_then_earliest_alert() {
        List<AtRisk> h = List.of(
                alerted("h1", true, alert("a2", "job_loss", "medium", "2020-01-01T00:00:00Z"),
                        alert("a3", "disaster", "high", "2020-05-01T00:00:00Z"),
                        alert("a1", "income_below_line", "high", "2020-03-01T00:00:00Z")),
                alerted("h2", true),
                alerted("h3", false, alert("a4", "job_loss", "medium", "2020-02-01T00:00:00Z")));
        JsonNode w = JSON.valueToTree(WatchArea.section(h, WATCH, true, 5));
        assertThat(w.get("access").asText()).isEqualTo("household");
        assertThat(w.get("households").asLong()).isEqualTo(3);
        assertThat(w.get("with_open_alert").asLong()).isEqualTo(2);
        assertThat(w.get("monitored_only").asLong()).isEqualTo(1);
        assertThat(w.get("monitored").asLong()).isEqualTo(2);
        assertThat(w.get("open_alerts").asLong()).isEqualTo(4);
        assertThat(figure(w, "by_rule", "rule", "income_below_line").asLong()).as("high, and earlier than the disaster")
                .isEqualTo(1);
        assertThat(figure(w, "by_rule", "rule", "disaster").asLong()).isZero();
        assertThat(figure(w, "by_rule", "rule", "job_loss").asLong()).isEqualTo(1);
        assertThat(figure(w, "by_tier", "tier", "high").asLong()).isEqualTo(1);
        assertThat(figure(w, "by_tier", "tier", "medium").asLong()).isEqualTo(1);
        assertThat(figure(w, "by_rule", "rule", "list:civil_affairs").asLong()).as("every cause listed").isZero();
    }

    @Test
    void planners_get_no_figure_under_five_and_no_total_less_the_visible_parts_under_five() {
        List<AtRisk> h = new ArrayList<>();
        h.addAll(many(12, "disaster", "high"));
        h.addAll(many(9, "job_loss", "medium"));
        h.addAll(many(2, "medical_expense", "high"));
        for (int i = 0; i < 20; i++) {
            h.add(alerted("m" + i, true));
        }
        JsonNode w = JSON.valueToTree(WatchArea.section(h, WATCH, false, 5));
        assertThat(w.get("access").asText()).isEqualTo("counts");
        assertThat(w.has("monitored")).isFalse();
        assertThat(w.get("households").asLong()).isEqualTo(43);
        assertThat(w.get("with_open_alert").asLong()).isEqualTo(23);
        assertThat(w.get("monitored_only").asLong()).isEqualTo(20);
        assertThat(figure(w, "by_rule", "rule", "disaster").asLong()).isEqualTo(12);
        assertThat(figure(w, "by_rule", "rule", "medical_expense").isNull()).isTrue();
        assertThat(figure(w, "by_rule", "rule", "income_below_line").isNull()).as("0 is a small group").isTrue();
        // the medical expenses (2) hide among the zeros only with a complement: the total less the visible rules
        long visible = 0;
        int hidden = 0;
        for (JsonNode r : w.get("by_rule")) {
            if (r.get("households").isNull()) {
                hidden++;
            } else {
                visible += r.get("households").asLong();
            }
        }
        assertThat(hidden).isGreaterThanOrEqualTo(2);
        assertThat(w.get("with_open_alert").asLong() - visible).isGreaterThanOrEqualTo(5);
        assertThat(figure(w, "by_tier", "tier", "low").asLong()).as("no cause is low: 0 by the catalogue").isZero();
        JsonNode high = figure(w, "by_tier", "tier", "high");
        JsonNode medium = figure(w, "by_tier", "tier", "medium");
        assertThat(high.isNull() && medium.isNull() || !high.isNull() && !medium.isNull())
                .as("one tier withheld would be the rest less the other").isTrue();
    }

    @Test
    void a_handful_of_households_is_withheld_whole() {
        JsonNode w = JSON.valueToTree(WatchArea.section(many(4, "disaster", "high"), WATCH, false, 5));
        assertThat(w.get("households").isNull()).isTrue();
        assertThat(w.get("with_open_alert").isNull()).isTrue();
        w.get("by_rule").forEach(r -> assertThat(r.get("households").isNull()).isTrue());
    }

    @Test
    void the_what_if_withholds_a_few_newly_reached_with_a_complement() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add("h" + i);
        }
        Set<String> today = Set.copyOf(all.subList(0, 30));
        Set<String> proposal = Set.of("h30", "h31", "h0");
        Map<String, Object> w = WatchArea.whatIf(all, today, proposal, false, 5);
        assertThat(w.get("households")).isEqualTo(40L);
        assertThat(w.get("added")).isNull();
        assertThat(w.get("before") == null || w.get("after") == null).as("after less before would give added away")
                .isTrue();
        Map<String, Object> exact = WatchArea.whatIf(all, today, proposal, true, 5);
        assertThat(exact).containsEntry("before", 30L).containsEntry("added", 2L).containsEntry("after", 32L);
    }
}
