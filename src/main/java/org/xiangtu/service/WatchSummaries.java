package org.xiangtu.service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.xiangtu.analysis.WatchFigures;
import org.xiangtu.analysis.WatchFigures.Scope;
import org.xiangtu.analysis.WatchFigures.Unit;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.WatchStore;

/**
 * The relapse watch's summary figures ({@code GET /api/watch/summary}, docs/relapse-watch.md "Watch view"), kept
 * worked out between changes: reading every alert and monitoring record is work in proportion to the county (a
 * province: some 30,000 alerts), so it is done once per change of the watch, not once per request.
 *
 * <p>A {@link Snapshot} holds the records and the towns and villages as read once, and the figures answered from
 * it, at most {@link #CACHED} of them (least recently used dropped first): the scope and the day are the client's
 * choice, so any number of distinct questions keeps at most that many answers. {@link #changed} (the
 * {@code ChangeFeed}: every write of the watch — an alert opened by a rule, a run or a department's list, a
 * verification, the end of a monitoring — announces {@code watch_alerts} and {@code watch_monitoring}) drops the
 * snapshot; the next request reads the records again. The default day is part of the question (today in the
 * county, by the clock), so a new day is a new question. A snapshot read while a change happened is not kept.
 * Thread-safe; one read of the records at a time.
 */
public final class WatchSummaries {
    /** Figures kept per snapshot (each at most a few kilobytes, a village's alerts list the largest). */
    public static final int CACHED = 128;
    /** The layers the figures are made from: a change to any of them drops the snapshot. */
    static final Set<String> LAYERS = Set.of("watch_alerts", "watch_monitoring", "towns", "villages", "district");
    private static final int MAX_RECORDS = 10_000_000;

    /** What a snapshot is read from: the records and layers, and the district's name. */
    record Read(WatchFigures.Data data, String districtName) {
    }

    private final Supplier<Read> read;
    private final Clock clock;
    /** Bumped by every change; a snapshot is current while its version is this. */
    private final AtomicLong version = new AtomicLong();
    private volatile Snapshot current;

    public WatchSummaries(Catalog catalog, FeatureStore features, WatchStore store, Clock clock) {
        this(() -> read(catalog, features, store), clock);
    }

    WatchSummaries(Supplier<Read> read, Clock clock) {
        this.read = read;
        this.clock = clock;
    }

    /** The question a figure answers: who may see household data, the scope and the day. */
    private record Key(boolean households, Scope scope, LocalDate asOf) {
    }

    /** The records as read once, and the figures answered from them. */
    public static final class Snapshot {
        private final long version;
        private final Read read;
        private final BoundedCache<Key, Map<String, Object>> figures = new BoundedCache<>(CACHED);

        private Snapshot(long version, Read read) {
            this.version = version;
            this.read = read;
        }

        public WatchFigures.Data data() {
            return read.data();
        }

        public String districtName() {
            return read.districtName();
        }

        /**
         * {@link WatchFigures#leader} (households: the caller may see household data) or {@link WatchFigures#counts}
         * for the scope on the day, worked out once per snapshot. The map is shared: callers must not change it.
         */
        public Map<String, Object> figures(boolean households, Scope scope, LocalDate asOf) {
            return figures.get(new Key(households, scope, asOf), k -> households
                    ? WatchFigures.leader(read.data(), scope, asOf) : WatchFigures.counts(read.data(), scope, asOf));
        }

        /** How many figures are kept (at most {@link #CACHED}). */
        int size() {
            return figures.size();
        }
    }

    /** Today in the county: the default day, and the public's only one. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(WatchStore.ZONE));
    }

    /** The current snapshot, read now if a change dropped it (one reader at a time; the others wait for it). */
    public Snapshot snapshot() {
        Snapshot s = current;
        if (s != null && s.version == version.get()) {
            return s;
        }
        synchronized (this) {
            long v = version.get();
            s = current;
            if (s != null && s.version == v) {
                return s;
            }
            // a change during the read bumps the version: this snapshot answers its own request, the next reads again
            s = new Snapshot(v, read.get());
            current = s;
            return s;
        }
    }

    /** A change announced on the feed ({@code layers} its layers): drops the snapshot when it is about the watch. */
    public void changed(List<String> layers) {
        if (layers.stream().anyMatch(LAYERS::contains)) {
            version.incrementAndGet();
            current = null;
        }
    }

    private static Read read(Catalog catalog, FeatureStore features, WatchStore store) {
        WatchFigures.Data data = new WatchFigures.Data(
                store.alerts(new WatchStore.AlertQuery(null, null, null, null, MAX_RECORDS, 0)),
                store.monitoring(null, false), units(features, "towns", null), units(features, "villages", "town_code"),
                catalog.watch(), WatchStore.ZONE);
        String district = features.features("district", FeatureQuery.all(List.of("name"), 1)).features().stream()
                .map(f -> (String) f.properties().get("name")).findFirst().orElse(null);
        return new Read(data, district);
    }

    private static Map<String, Unit> units(FeatureStore features, String layer, String parent) {
        Map<String, Unit> out = new LinkedHashMap<>();
        List<String> fields = parent == null ? List.of("code", "name") : List.of("code", "name", parent);
        for (Feature f : features.features(layer, FeatureQuery.all(fields, MAX_RECORDS)).features()) {
            String code = (String) f.properties().get("code");
            out.put(code, new Unit(code, (String) f.properties().get("name"),
                    parent == null ? null : (String) f.properties().get(parent)));
        }
        return out;
    }
}
