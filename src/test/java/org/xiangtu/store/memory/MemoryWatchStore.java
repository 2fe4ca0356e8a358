package org.xiangtu.store.memory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FieldStore.Household;
import org.xiangtu.store.WatchStore;

/** The relapse watch's records in memory, under its {@link MemoryWorkStore}'s lock; households from its field store. */
final class MemoryWatchStore implements WatchStore {
    private final MemoryWorkStore lock;
    private final MemoryFieldStore field;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final List<Monitoring> monitoring = new ArrayList<>();

    MemoryWatchStore(MemoryWorkStore lock, MemoryFieldStore field) {
        this.lock = lock;
        this.field = field;
    }

    @Override
    public Opened open(List<NewAlert> hits, Instant at, Function<Opened, AuditEntry> audit) {
        synchronized (lock) {
            List<Alert> opened = new ArrayList<>();
            List<NewAlert> already = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            for (NewAlert hit : hits) {
                Household h = field.table().get(hit.householdCode());
                if (h == null) {
                    if (!unknown.contains(hit.householdCode())) {
                        unknown.add(hit.householdCode());
                    }
                } else if (alerts.containsKey(hit.id()) || alerts.values().stream().anyMatch(a -> a.rule().equals(hit.rule())
                        && a.householdCode().equals(hit.householdCode()) && (a.isOpen() || a.basis().equals(hit.basis())))
                        || opened.stream().anyMatch(a -> a.rule().equals(hit.rule())
                        && a.householdCode().equals(hit.householdCode()))) {
                    already.add(hit);
                } else {
                    Alert a = new Alert(hit.id(), hit.rule(), hit.householdCode(), h.villageCode(), h.cadre(),
                            hit.tier(), hit.actor(), at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), hit.dueOn(), hit.reason(), OPEN, null, null, null, null, hit.basis());
                    opened.add(a);
                }
            }
            Opened out = new Opened(List.copyOf(opened), List.copyOf(already), List.copyOf(unknown));
            if (!opened.isEmpty()) {
                AuditEntry e = audit.apply(out);
                lock.checkAudit(e);
                opened.forEach(a -> alerts.put(a.id(), a));
                lock.append(e);
            }
            return out;
        }
    }

    @Override
    public Optional<Alert> alert(String id) {
        synchronized (lock) {
            return Optional.ofNullable(alerts.get(id));
        }
    }

    @Override
    public List<Alert> alerts(AlertQuery q) {
        synchronized (lock) {
            return alerts.values().stream()
                    .filter(a -> q.cadre() == null || q.cadre().equals(a.cadre()))
                    .filter(a -> q.villagePrefix() == null || a.villageCode().startsWith(q.villagePrefix()))
                    .filter(a -> q.householdCode() == null || q.householdCode().equals(a.householdCode()))
                    .filter(a -> q.status() == null || q.status().equals(a.status()))
                    .sorted(Comparator.comparing(Alert::openedAt).thenComparing(Alert::id))
                    .skip(q.offset()).limit(q.limit()).toList();
        }
    }

    @Override
    public Closing close(String id, boolean confirmed, String note, String visitId, String by, Instant at,
            AuditEntry audit) {
        synchronized (lock) {
            Alert a = alerts.get(id);
            if (a == null) {
                return new NoAlert();
            }
            if (!a.isOpen()) {
                return new NotOpen(a);
            }
            lock.checkAudit(audit);
            Alert closed = new Alert(a.id(), a.rule(), a.householdCode(), a.villageCode(), a.cadre(), a.tier(),
                    a.actor(), a.openedAt(), a.dueOn(), a.reason(), confirmed ? CONFIRMED : NOT_CONFIRMED,
                    at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), by,
                    visitId, note, a.basis());
            alerts.put(id, closed);
            Optional<Monitoring> m = Optional.empty();
            if (confirmed) {
                m = current(a.householdCode());
                if (m.isEmpty()) {
                    Monitoring started = new Monitoring(a.householdCode(), a.villageCode(),
                            at.atZone(ZONE).toLocalDate(), id, note, null, null, null);
                    monitoring.add(started);
                    m = Optional.of(started);
                }
            }
            lock.append(audit);
            return new Closed(closed, m);
        }
    }

    private Optional<Monitoring> current(String household) {
        return monitoring.stream().filter(m -> m.isCurrent() && m.householdCode().equals(household)).findFirst();
    }

    @Override
    public List<Monitoring> monitoring(String villagePrefix, boolean currentOnly) {
        synchronized (lock) {
            return monitoring.stream()
                    .filter(m -> villagePrefix == null || m.villageCode().startsWith(villagePrefix))
                    .filter(m -> !currentOnly || m.isCurrent())
                    .sorted(Comparator.comparing(Monitoring::householdCode).thenComparing(Monitoring::since))
                    .toList();
        }
    }

    @Override
    public boolean endMonitoring(String householdCode, LocalDate on, String reason, String by, AuditEntry audit) {
        synchronized (lock) {
            Optional<Monitoring> m = current(householdCode);
            if (m.isEmpty()) {
                return false;
            }
            lock.checkAudit(audit);
            Monitoring c = m.get();
            monitoring.set(monitoring.indexOf(c), new Monitoring(c.householdCode(), c.villageCode(), c.since(),
                    c.alertId(), c.measure(), on, reason, by));
            lock.append(audit);
            return true;
        }
    }
}
