package org.xiangtu.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xiangtu.analysis.WatchFigures;
import org.xiangtu.analysis.WatchFigures.Scope;
import org.xiangtu.analysis.WatchFigures.Unit;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.WatchStore;
import org.xiangtu.store.WatchStore.Alert;

/**
 * {@link WatchSummaries}: the records are read once between changes of the watch, whatever is asked; a change of
 * the watch's layers (not of others) makes the next question read them again; a change during a read is not
 * missed; the figures kept stay at most {@link WatchSummaries#CACHED} however many days are asked; the default
 * day follows the clock in the county's time.
 */
class WatchSummariesTest {
    private static final Catalog CATALOG = CatalogLoader.read(DataSource.folder(Path.of("data")));
    private static final Scope DISTRICT = new Scope(WatchFigures.DISTRICT, null, "区");
    private static final LocalDate DAY = LocalDate.parse("2020-10-31");

    private final List<Alert> alerts = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private Runnable duringRead = () -> {
    };

    private WatchSummaries summaries(Clock clock) {
        return new WatchSummaries(() -> {
            reads.incrementAndGet();
            List<Alert> read = List.copyOf(alerts);
            duringRead.run();
            return new WatchSummaries.Read(new WatchFigures.Data(read, List.of(),
                    Map.of("T1", new Unit("T1", "镇", null)), Map.of("T1a", new Unit("T1a", "村", "T1")),
                    CATALOG.watch(), WatchStore.ZONE), "区");
        }, clock);
    }

    private WatchSummaries summaries() {
        return summaries(Clock.systemUTC());
    }

    private void addAlert() {
        int n = alerts.size();
        alerts.add(new Alert("a" + n, "income_below_line", "H" + n, "T1a", "gb", "high", "rules",
                Instant.parse("2020-10-01T02:00:00Z"), LocalDate.parse("2020-10-20"), null, WatchStore.OPEN, null,
                null, null, null, "b" + n));
    }

    private static long open(WatchSummaries s) {
        Map<?, ?> totals = (Map<?, ?>) s.snapshot().figures(true, DISTRICT, DAY).get("totals");
        return ((Number) totals.get("open_alerts")).longValue();
    }

    @Test
    void the_records_are_read_again_only_after_a_change_of_the_watch() {
        addAlert();
        WatchSummaries s = summaries();
        assertThat(open(s)).isEqualTo(1);
        assertThat(open(s)).isEqualTo(1);
        s.snapshot().figures(false, DISTRICT, DAY);
        assertThat(reads).hasValue(1);

        addAlert();
        s.changed(List.of("projects", "home_visits"));
        assertThat(open(s)).as("not a change of the watch").isEqualTo(1);
        assertThat(reads).hasValue(1);
        s.changed(List.of("watch_alerts", "watch_monitoring"));
        assertThat(open(s)).isEqualTo(2);
        assertThat(reads).hasValue(2);
        addAlert();
        s.changed(List.of("villages"));
        assertThat(open(s)).isEqualTo(3);
    }

    @Test
    void a_change_during_a_read_makes_the_next_question_read_again() {
        WatchSummaries s = summaries();
        duringRead = () -> {
            if (reads.get() == 1) { // the write commits and is announced while the records are being read
                addAlert();
                s.changed(List.of("watch_alerts"));
            }
        };
        assertThat(open(s)).as("read before the write").isZero();
        assertThat(open(s)).isEqualTo(1);
        assertThat(reads).hasValue(2);
        assertThat(open(s)).isEqualTo(1);
        assertThat(reads).hasValue(2);
    }

    @Test
    void the_figures_kept_are_bounded_however_many_days_are_asked() {
        addAlert();
        WatchSummaries s = summaries();
        for (int i = 0; i < 3 * WatchSummaries.CACHED; i++) {
            s.snapshot().figures(i % 2 == 0, DISTRICT, DAY.minusDays(i));
            assertThat(s.snapshot().size()).isLessThanOrEqualTo(WatchSummaries.CACHED);
        }
        assertThat(s.snapshot().size()).isEqualTo(WatchSummaries.CACHED);
        assertThat(reads).hasValue(1);
    }

    @Test
    void the_default_day_is_today_in_the_county() {
        // 16:30 UTC on the 31st is half past midnight on 1 November in the county
        WatchSummaries s = summaries(Clock.fixed(Instant.parse("2020-10-31T16:30:00Z"), ZoneOffset.UTC));
        assertThat(s.today()).isEqualTo(LocalDate.parse("2020-11-01"));
        WatchSummaries before = summaries(Clock.fixed(Instant.parse("2020-10-31T15:59:00Z"), ZoneOffset.UTC));
        assertThat(before.today()).isEqualTo(LocalDate.parse("2020-10-31"));
    }
}
