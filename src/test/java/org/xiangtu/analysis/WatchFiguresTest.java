package org.xiangtu.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xiangtu.analysis.WatchFigures.Data;
import org.xiangtu.analysis.WatchFigures.Scope;
import org.xiangtu.analysis.WatchFigures.Unit;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.WatchStore;
import org.xiangtu.store.WatchStore.Alert;
import org.xiangtu.store.WatchStore.Monitoring;

/**
 * The watch view's figures on hand-made records: status as of a day (county time), overdue, averages, the
 * 12-month series, and the public's counts with small groups withheld, complementary ones too.
 */
class WatchFiguresTest {
    private static final Catalog CATALOG = CatalogLoader.read(DataSource.folder(Path.of("data")));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Scope DISTRICT = new Scope("district", null, "区");
    private static final LocalDate AS_OF = LocalDate.parse("2020-10-31");

    private static Map<String, Unit> towns() {
        Map<String, Unit> t = new LinkedHashMap<>();
        for (String c : List.of("T1", "T2", "T3")) {
            t.put(c, new Unit(c, "镇" + c, null));
        }
        return t;
    }

    private static Map<String, Unit> villages() {
        Map<String, Unit> v = new LinkedHashMap<>();
        for (String c : List.of("T1a", "T1b", "T2a", "T2b", "T3a")) {
            v.put(c, new Unit(c, "村" + c, c.substring(0, 2)));
        }
        return v;
    }

    private static int n;

    /** An alert opened at the time, due on the day, closed (or not) at the time. */
    private static Alert alert(String village, String household, String rule, String tier, String opened, String due,
            String status, String closed) {
        return new Alert("a" + (n++), rule, household, village, "gb" + village, tier, "cadre", Instant.parse(opened),
                LocalDate.parse(due), "r", status, closed == null ? null : Instant.parse(closed), closed == null ? null
                        : "gb", null, null, "b" + n);
    }

    private static Monitoring mon(String village, String household, String since, String ended) {
        return new Monitoring(household, village, LocalDate.parse(since), null, "m",
                ended == null ? null : LocalDate.parse(ended), ended == null ? null : "gone", ended == null ? null : "x");
    }

    private static JsonNode leader(List<Alert> a, List<Monitoring> m, Scope scope, LocalDate asOf) {
        return JSON.valueToTree(WatchFigures.leader(new Data(a, m, towns(), villages(), CATALOG.watch(),
                WatchStore.ZONE), scope, asOf));
    }

    private static JsonNode counts(List<Alert> a, List<Monitoring> m, Scope scope, LocalDate asOf) {
        return JSON.valueToTree(WatchFigures.counts(new Data(a, m, towns(), villages(), CATALOG.watch(),
                WatchStore.ZONE), scope, asOf));
    }

    @Test
    void status_is_taken_at_the_end_of_the_day_in_the_county() {
        // opened at 23:30 county time on 10-31 (15:30Z): open on 10-31; closed at 00:30 on 11-01 county time: still open on 10-31
        Alert late = alert("T1a", "h1", "disaster", "high", "2020-10-31T15:30:00Z", "2020-11-07", "confirmed",
                "2020-10-31T16:30:00Z");
        Alert tomorrow = alert("T1a", "h2", "disaster", "high", "2020-10-31T16:00:00Z", "2020-11-07", "open", null);
        Alert closedToday = alert("T1a", "h3", "disaster", "high", "2020-10-01T00:00:00Z", "2020-10-08", "not_confirmed",
                "2020-10-31T15:59:59Z");
        assertThat(WatchFigures.openOn(late, AS_OF, WatchStore.ZONE)).isTrue();
        assertThat(WatchFigures.statusOn(late, AS_OF, WatchStore.ZONE)).isEqualTo("open");
        assertThat(WatchFigures.statusOn(late, AS_OF.plusDays(1), WatchStore.ZONE)).isEqualTo("confirmed");
        assertThat(WatchFigures.openOn(tomorrow, AS_OF, WatchStore.ZONE)).isFalse();
        assertThat(WatchFigures.openOn(closedToday, AS_OF, WatchStore.ZONE)).isFalse();
        assertThat(WatchFigures.openOn(closedToday, AS_OF.minusDays(1), WatchStore.ZONE)).isTrue();
        assertThat(WatchFigures.overdueOn(closedToday, AS_OF.minusDays(1), WatchStore.ZONE)).isTrue();
        assertThat(WatchFigures.overdueOn(late, LocalDate.parse("2020-11-07"), WatchStore.ZONE)).isFalse();
        assertThat(WatchFigures.monitoredOn(mon("T1a", "h", "2020-10-31", null), AS_OF)).isTrue();
        assertThat(WatchFigures.monitoredOn(mon("T1a", "h", "2020-11-01", null), AS_OF)).isFalse();
        assertThat(WatchFigures.monitoredOn(mon("T1a", "h", "2020-01-01", "2020-10-31"), AS_OF)).isFalse();
        assertThat(WatchFigures.monitoredOn(mon("T1a", "h", "2020-01-01", "2020-11-01"), AS_OF)).isTrue();
    }

    @Test
    void the_leaders_figures_count_open_overdue_verified_and_averages() {
        List<Alert> a = List.of(
                alert("T1a", "h1", "disaster", "high", "2020-10-01T02:00:00Z", "2020-10-08", "open", null), // overdue
                alert("T1a", "h2", "income_drop", "medium", "2020-10-25T02:00:00Z", "2020-11-05", "open", null),
                alert("T1b", "h3", "list:civil_affairs", "high", "2020-09-01T02:00:00Z", "2020-09-08", "confirmed",
                        "2020-09-03T02:00:00Z"), // 2 days
                alert("T2a", "h4", "disaster", "high", "2020-08-01T02:00:00Z", "2020-08-08", "not_confirmed",
                        "2020-08-05T14:00:00Z"), // 4.5 days
                alert("T2a", "h5", "disaster", "high", "2020-11-02T02:00:00Z", "2020-11-09", "open", null), // after asOf
                alert("T3a", "h6", "disaster", "low", "2019-09-01T02:00:00Z", "2019-09-08", "confirmed",
                        "2019-09-02T02:00:00Z")); // before the window
        List<Monitoring> m = List.of(mon("T1b", "h3", "2020-09-03", null), mon("T3a", "h6", "2019-09-02", "2020-10-15"));
        JsonNode d = leader(a, m, DISTRICT, AS_OF);
        JsonNode t = d.get("totals");
        assertThat(d.get("access").asText()).isEqualTo("household");
        assertThat(t.get("households_monitored").asLong()).isEqualTo(1);
        assertThat(t.get("open_alerts").asLong()).isEqualTo(2);
        assertThat(t.get("overdue_alerts").asLong()).isEqualTo(1);
        assertThat(t.get("opened_12m").asLong()).isEqualTo(4);
        assertThat(t.get("verified_12m").asLong()).isEqualTo(2);
        assertThat(t.get("avg_days_to_verify").asDouble()).isEqualTo(3.3); // (2 + 4.5) / 2 = 3.25 → 3.3
        assertThat(t.get("confirmed_share").asDouble()).isEqualTo(0.5);
        assertThat(d.get("tiers").get(0).get("title").get("zh").asText()).isEqualTo("高风险");
        assertThat(d.get("tiers").get(0).get("open").asLong()).isEqualTo(1);
        assertThat(d.get("causes").findValuesAsText("rule")).containsExactlyInAnyOrder("disaster", "income_drop");
        JsonNode t1 = d.get("units").get(0);
        assertThat(t1.get("code").asText()).isEqualTo("T1");
        assertThat(t1.get("open").asLong()).isEqualTo(2);
        assertThat(t1.get("overdue").asLong()).isEqualTo(1);
        assertThat(t1.get("monitored").asLong()).isEqualTo(1);
        assertThat(t1.get("avg_days_to_verify").asDouble()).isEqualTo(2.0);
        JsonNode series = d.get("series");
        assertThat(series).hasSize(12);
        assertThat(series.get(0).get("month").asText()).isEqualTo("2019-11");
        assertThat(series.get(11).get("month").asText()).isEqualTo("2020-10");
        assertThat(series.get(11).get("opened").asLong()).isEqualTo(2);
        assertThat(series.get(10).get("entered").asLong()).isEqualTo(1);
        assertThat(series.get(11).get("left").asLong()).isEqualTo(1);
        long opened = 0;
        for (JsonNode s : series) {
            opened += s.get("opened").asLong();
        }
        assertThat(opened).isEqualTo(t.get("opened_12m").asLong());
        // a village: its alerts, status as of the day
        JsonNode v = leader(a, m, new Scope("village", "T1a", "村"), AS_OF);
        assertThat(v.get("alerts").findValuesAsText("household_code")).containsExactly("h1", "h2");
        assertThat(v.get("alerts").get(0).get("overdue").asBoolean()).isTrue();
        assertThat(v.get("alerts").get(0).get("cadre").asText()).isEqualTo("gbT1a");
        JsonNode town = leader(a, m, new Scope("town", "T2", "镇"), AS_OF);
        assertThat(town.get("units").findValuesAsText("code")).containsExactly("T2a", "T2b");
        assertThat(town.get("totals").get("open_alerts").asLong()).isZero(); // h5 opened after asOf
        assertThat(leader(a, m, new Scope("town", "T2", "镇"), LocalDate.parse("2020-11-02")).get("totals")
                .get("open_alerts").asLong()).isEqualTo(1);
    }

    @Test
    void the_public_gets_counts_of_five_or_more_and_nothing_derivable() {
        List<Monitoring> m = new ArrayList<>();
        // T1: 9 households (T1a 6, T1b 3); T2: 8 (T2a 8); T3: 2 (T3a)
        for (int i = 0; i < 6; i++) {
            m.add(mon("T1a", "x" + i, "2020-03-10", null));
        }
        for (int i = 0; i < 3; i++) {
            m.add(mon("T1b", "y" + i, "2020-04-10", null));
        }
        for (int i = 0; i < 8; i++) {
            m.add(mon("T2a", "z" + i, "2020-03-12", null));
        }
        for (int i = 0; i < 2; i++) {
            m.add(mon("T3a", "w" + i, "2020-05-01", null));
        }
        JsonNode d = counts(List.of(), m, DISTRICT, AS_OF);
        assertThat(d.get("access").asText()).isEqualTo("counts");
        assertThat(d.has("tiers") || d.has("causes") || d.has("alerts")).isFalse();
        assertThat(d.get("totals").get("households_monitored").get("value").asLong()).isEqualTo(19);
        assertThat(d.get("totals").get("households_open").get("suppressed").asBoolean()).isTrue();
        assertThat(d.get("totals").get("households_open").get("value").isNull()).isTrue();
        Map<String, JsonNode> units = new LinkedHashMap<>();
        d.get("units").forEach(u -> units.put(u.get("code").asText(), u.get("households_monitored")));
        // T3 (2) is withheld; and so must another town be, else 19 − 9 − 8 gives T3 away
        assertThat(units.get("T3").get("suppressed").asBoolean()).isTrue();
        long withheld = units.values().stream().filter(u -> u.get("suppressed").asBoolean()).count();
        assertThat(withheld).isGreaterThanOrEqualTo(2);
        long published = units.values().stream().filter(u -> !u.get("suppressed").asBoolean())
                .mapToLong(u -> u.get("value").asLong()).sum();
        assertThat(19 - published).as("the withheld towns together").isGreaterThanOrEqualTo(WatchFigures.MIN_GROUP);
        // the series: March 14, April 3, May 2 → April and May withheld, so the total is too
        JsonNode series = d.get("series");
        assertThat(series).hasSize(12);
        Map<String, JsonNode> months = new LinkedHashMap<>();
        series.forEach(s -> months.put(s.get("month").asText(), s.get("entered")));
        assertThat(months.get("2020-03").get("value").asLong()).isEqualTo(14);
        assertThat(months.get("2020-04").get("suppressed").asBoolean()).isTrue();
        assertThat(months.get("2020-05").get("value").isNull()).isTrue();
        assertThat(d.get("series_total").get("suppressed").asBoolean()).isTrue();
        // a village of 3 and a town withheld in the district's table stay withheld when asked alone
        JsonNode t1b = counts(List.of(), m, new Scope("village", "T1b", "村"), AS_OF);
        assertThat(t1b.get("totals").get("households_monitored").get("suppressed").asBoolean()).isTrue();
        for (Map.Entry<String, JsonNode> e : units.entrySet()) {
            JsonNode alone = counts(List.of(), m, new Scope("town", e.getKey(), "镇"), AS_OF).get("totals")
                    .get("households_monitored");
            assertThat(alone.get("suppressed").asBoolean()).as(e.getKey()).isEqualTo(e.getValue().get("suppressed")
                    .asBoolean());
            assertThat(alone.has("units")).isFalse();
        }
        // every published figure is about 5 or more households
        assertThat(d.findValues("value").stream().filter(v -> !v.isNull()).mapToLong(JsonNode::asLong).min()
                .orElse(99)).isGreaterThanOrEqualTo(WatchFigures.MIN_GROUP);
    }

    @Test
    void the_series_total_is_published_when_no_month_is_withheld() {
        List<Monitoring> m = new ArrayList<>();
        for (int month = 1; month <= 12; month++) {
            for (int i = 0; i < 5; i++) {
                m.add(mon("T1a", "h" + month + "-" + i, String.format("%d-%02d-15", month <= 10 ? 2020 : 2019, month), null));
            }
        }
        JsonNode d = counts(List.of(), m, DISTRICT, AS_OF);
        assertThat(d.get("series_total").get("value").asLong()).isEqualTo(60);
        assertThat(d.get("series_total").get("suppressed").asBoolean()).isFalse();
    }
}
