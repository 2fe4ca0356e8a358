package org.xiangtu.store.memory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.locationtech.jts.geom.Point;
import org.xiangtu.analysis.HouseholdFigures;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.io.LayerFiles;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;
import org.xiangtu.store.FieldStore;

/**
 * The field app's records in memory, under its {@link MemoryWorkStore}'s lock (so a visit, its month
 * count and its audit entry are one transaction): households by code, visits by id and the monthly
 * counts of {@code home_visits} by id. {@link #loadDemo} fills it from {@code data/} as the other
 * stores hold it.
 */
final class MemoryFieldStore implements FieldStore {
    private final MemoryWorkStore lock;
    private final Map<String, Household> households = new HashMap<>();
    private final Map<String, Visit> visits = new HashMap<>();
    /** village code → {@code YYYY-MM} → visits, as recounted from {@link #visits}. */
    private final Map<String, Map<String, Long>> byMonth = new HashMap<>();
    /** {@code home_visits} rows by id: the count a visit last wrote. */
    private final Map<String, Long> homeVisits = new HashMap<>();
    private final Map<String, WorkLog> logs = new HashMap<>();

    MemoryFieldStore(MemoryWorkStore lock) {
        this.lock = lock;
    }

    /** Reads the households, visits and home_visits of {@code data/}. */
    void loadDemo() {
        DataSource data = DataSource.folder(Path.of("data"));
        Catalog catalog = CatalogLoader.read(data);
        each(catalog, data, "households", f -> {
            Map<String, Object> p = new LinkedHashMap<>(f.properties());
            Point at = (Point) f.geometry();
            households.put((String) p.get("code"), new Household(f.id(), (String) p.get("code"),
                    at == null ? null : at.getX(), at == null ? null : at.getY(), p));
        });
        each(catalog, data, "visits", f -> {
            Map<String, Object> p = f.properties();
            Point at = (Point) f.geometry();
            Visit v = new Visit(f.id(), (String) p.get("household_code"), (String) p.get("village_code"),
                    (String) p.get("cadre"), (String) p.get("at"), (String) p.get("kind"), (String) p.get("note"),
                    ((Number) p.get("photos")).longValue(), at == null ? null : at.getX(),
                    at == null ? null : at.getY(), Instant.parse(String.valueOf(p.get("updated_at"))),
                    (String) p.get("reported"));
            visits.put(v.id(), v);
            count(v);
        });
        each(catalog, data, "home_visits", f -> homeVisits.put(f.id(), ((Number) f.properties().get("visits")).longValue()));
        each(catalog, data, "work_logs", f -> {
            Map<String, Object> p = f.properties();
            Point at = (Point) f.geometry();
            logs.put(f.id(), new WorkLog(f.id(), (String) p.get("household_code"), (String) p.get("village_code"),
                    (String) p.get("cadre"), (String) p.get("at"), (String) p.get("kind"), (String) p.get("text"),
                    ((Number) p.get("photos")).longValue(), at == null ? null : at.getX(), at == null ? null : at.getY(),
                    Instant.parse(String.valueOf(p.get("updated_at")))));
        });
    }

    private static void each(Catalog catalog, DataSource data, String layer, Consumer<Feature> sink) {
        try (FeatureSource source = LayerFiles.dataFile(catalog.layer(layer).orElseThrow(), data)) {
            source.forEachRemaining(sink);
        }
    }

    private long count(Visit v) {
        return byMonth.computeIfAbsent(v.villageCode(), k -> new HashMap<>()).merge(v.at().substring(0, 7), 1L,
                Long::sum);
    }

    /** The households by code, for {@link MemoryHouseholdChangeStore}; read and changed under the lock only. */
    Map<String, Household> table() {
        return households;
    }

    @Override
    public void eachHousehold(Consumer<Household> each) {
        List<Household> all;
        synchronized (lock) {
            all = households.values().stream().sorted(java.util.Comparator.comparing(Household::code)).toList();
        }
        all.forEach(each);
    }

    @Override
    public List<ReportedEvent> reported(String householdCode, String sinceAt) {
        synchronized (lock) {
            return visits.values().stream()
                    .filter(v -> v.reported() != null && v.at().compareTo(sinceAt) >= 0)
                    .filter(v -> householdCode == null || householdCode.equals(v.householdCode()))
                    .sorted(java.util.Comparator.comparing(Visit::householdCode).thenComparing(Visit::at))
                    .map(v -> new ReportedEvent(v.householdCode(), v.reported(), v.at())).toList();
        }
    }

    @Override
    public List<Household> households(String cadre) {
        synchronized (lock) {
            List<Household> out = new ArrayList<>();
            households.values().stream().filter(h -> cadre != null && cadre.equals(h.cadre())).forEach(out::add);
            out.sort(Comparator.comparing(Household::code));
            return out;
        }
    }

    @Override
    public Optional<Household> household(String code) {
        synchronized (lock) {
            return Optional.ofNullable(households.get(code));
        }
    }

    @Override
    public Optional<Visit> visit(String id) {
        synchronized (lock) {
            return Optional.ofNullable(visits.get(id));
        }
    }

    @Override
    public Outcome addVisit(Visit v, AuditEntry audit) {
        if (v.id() == null || v.villageCode() == null || v.at() == null || v.at().length() < 7
                || v.updatedAt() == null || (v.lon() == null) != (v.lat() == null)) {
            throw new IllegalArgumentException("a visit needs its id, village, time and stamp, and both coordinates or none");
        }
        synchronized (lock) {
            Visit stored = visits.get(v.id());
            if (stored != null) {
                return new Duplicate(stored);
            }
            lock.checkAudit(audit); // before anything is written, as the tables' NOT NULL would refuse it
            visits.put(v.id(), v);
            long n = count(v);
            homeVisits.put("visit-" + v.villageCode() + "-" + HouseholdFigures.monthOf(v.at()).substring(0, 7), n);
            lock.append(audit);
            return new Added(v, n);
        }
    }

    @Override
    public Optional<WorkLog> log(String id) {
        synchronized (lock) {
            return Optional.ofNullable(logs.get(id));
        }
    }

    @Override
    public List<WorkLog> logs(String cadre, int limit, int offset) {
        synchronized (lock) {
            return logs.values().stream().filter(l -> cadre != null && cadre.equals(l.cadre()))
                    .sorted(Comparator.comparing(WorkLog::at).thenComparing(WorkLog::id).reversed())
                    .skip(offset).limit(limit).toList();
        }
    }

    @Override
    public LogOutcome addLog(WorkLog log, AuditEntry audit) {
        if (log.id() == null || log.villageCode() == null || log.at() == null || log.updatedAt() == null
                || (log.lon() == null) != (log.lat() == null)) {
            throw new IllegalArgumentException("a work log needs its id, village, time and stamp, and both coordinates or none");
        }
        synchronized (lock) {
            WorkLog stored = logs.get(log.id());
            if (stored != null) {
                return new LogOutcome(false, stored);
            }
            lock.checkAudit(audit);
            logs.put(log.id(), log);
            lock.append(audit);
            return new LogOutcome(true, log);
        }
    }

    @Override
    public Assignment assign(String cadre, List<String> codes, Instant at,
            java.util.function.Function<Map<String, String>, AuditEntry> audit) {
        synchronized (lock) {
            List<String> unknown = codes.stream().filter(c -> !households.containsKey(c)).distinct().toList();
            if (!unknown.isEmpty()) {
                return new UnknownHouseholds(unknown);
            }
            Map<String, String> previous = new LinkedHashMap<>();
            codes.forEach(c -> previous.put(c, households.get(c).cadre()));
            AuditEntry entry = audit.apply(previous);
            lock.checkAudit(entry);
            for (String code : codes) {
                Household h = households.get(code);
                Map<String, Object> p = new LinkedHashMap<>(h.properties());
                p.put("cadre", cadre);
                p.put("updated_at", at.toString());
                households.put(code, new Household(h.id(), code, h.lon(), h.lat(), p));
            }
            lock.append(entry);
            return new Assigned(previous);
        }
    }

    /** One photo more on a visit (under the store's lock, from {@link MemoryPhotoStore}); its count now, or -1. */
    long countPhoto(String visitId, Instant at) {
        Visit v = visits.get(visitId);
        if (v == null) {
            return -1;
        }
        visits.put(visitId, new Visit(v.id(), v.householdCode(), v.villageCode(), v.cadre(), v.at(), v.kind(),
                v.note(), v.photos() + 1, v.lon(), v.lat(), at, v.reported()));
        return v.photos() + 1;
    }
}
