package org.xiangtu.store.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.xiangtu.analysis.HouseholdFigures;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FieldStore.Household;
import org.xiangtu.store.HouseholdChangeStore;

/**
 * Household updates and reviews in memory, under the {@link MemoryWorkStore}'s lock (one transaction per
 * method), on the households of its {@link MemoryFieldStore}: change rows, updates by id, reviews in
 * the order they were made, and the villages' computed fields as last written. A refused audit entry
 * is refused before anything is written, as the tables' NOT NULL would refuse it.
 */
final class MemoryHouseholdChangeStore implements HouseholdChangeStore {
    /** One row of {@code household_changes}. */
    private record Change(String household, long version, String field, String oldValue) {
    }

    private final MemoryWorkStore lock;
    private final MemoryFieldStore field;
    private final List<Change> changes = new ArrayList<>();
    private final Map<String, Merged> updates = new LinkedHashMap<>();
    /** update id → who sent it, about which household, the device's time and when it was stored. */
    private final Map<String, Update> sent = new LinkedHashMap<>();
    private final Map<String, Review> reviews = new LinkedHashMap<>();
    /** village code → its computed fields, as the last change wrote them. */
    private final Map<String, Map<String, Long>> villages = new TreeMap<>();

    MemoryHouseholdChangeStore(MemoryWorkStore lock, MemoryFieldStore field) {
        this.lock = lock;
        this.field = field;
    }

    /** The village's computed fields as the last change wrote them (empty if none did). */
    Map<String, Long> villageFields(String village) {
        synchronized (lock) {
            return Map.copyOf(villages.getOrDefault(village, Map.of()));
        }
    }

    @Override
    public long version(String householdCode) {
        synchronized (lock) {
            return changes.stream().filter(c -> c.household().equals(householdCode)).mapToLong(Change::version)
                    .max().orElse(0);
        }
    }

    @Override
    public Map<String, Long> versions(String cadre) {
        synchronized (lock) {
            Map<String, Long> out = new TreeMap<>();
            for (Change c : changes) {
                Household h = field.table().get(c.household());
                if (h != null && cadre != null && cadre.equals(h.cadre())) {
                    out.merge(c.household(), c.version(), Math::max);
                }
            }
            return out;
        }
    }

    @Override
    public Merged update(Update u) {
        if (u.id() == null || u.householdCode() == null || u.storedAt() == null || u.changes().isEmpty()
                || !EDITABLE.containsAll(u.changes().keySet()) || u.changes().values().stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("an update needs its id, household, time and editable fields with values");
        }
        synchronized (lock) {
            Household h = field.table().get(u.householdCode());
            if (h == null) {
                throw new IllegalArgumentException("no household " + u.householdCode());
            }
            Merged before = updates.get(u.id());
            if (before != null) {
                return new Merged(before.id(), before.version(), before.applied(), before.reviews(),
                        before.villageCode(), before.villageFields(), true);
            }
            lock.checkAudit(u.audit());
            long version = version(u.householdCode());
            Map<String, Object> applied = new LinkedHashMap<>();
            List<ReviewRef> refs = new ArrayList<>();
            for (Map.Entry<String, Object> e : u.changes().entrySet()) {
                String f = e.getKey();
                String current = HouseholdChangeStore.text(f, h.properties().get(f));
                String proposed = HouseholdChangeStore.text(f, e.getValue());
                if (proposed.equals(current)) {
                    continue;
                }
                Optional<Change> since = changes.stream().filter(c -> c.household().equals(u.householdCode())
                        && c.field().equals(f) && c.version() > u.baseVersion()).findFirst();
                if (since.isEmpty()) {
                    applied.put(f, e.getValue());
                    continue;
                }
                String id = UUID.randomUUID().toString();
                reviews.put(id, new Review(id, u.householdCode(), h.villageCode(), f, since.get().oldValue(), current,
                        proposed, u.cadre(), u.at(), "open", null, null, null));
                refs.add(new ReviewRef(id, f));
            }
            Map<String, Long> figures = Map.of();
            if (!applied.isEmpty()) {
                version++;
                figures = apply(h, version, applied, u.storedAt());
            }
            Merged merged = new Merged(u.id(), version, List.copyOf(applied.keySet()), List.copyOf(refs),
                    h.villageCode(), figures, false);
            updates.put(u.id(), merged);
            sent.put(u.id(), u);
            lock.append(u.audit());
            return merged;
        }
    }

    @Override
    public List<UpdateStatus> updates(String cadre, java.time.Instant since) {
        synchronized (lock) {
            List<UpdateStatus> out = new ArrayList<>();
            for (Update u : sent.values()) {
                Merged m = updates.get(u.id());
                UpdateStatus s = new UpdateStatus(u.id(), u.householdCode(), u.at(), u.storedAt(), m.version(),
                        m.applied(), m.reviews().stream().map(r -> reviews.get(r.id())).toList());
                if (u.cadre() != null && u.cadre().equals(cadre) && HouseholdChangeStore.since(s, since)) {
                    out.add(s);
                }
            }
            return out.size() > MAX_UPDATES ? List.copyOf(out.subList(out.size() - MAX_UPDATES, out.size())) : out;
        }
    }

    @Override
    public List<Review> reviews(String status) {
        synchronized (lock) {
            return reviews.values().stream().filter(r -> r.status().equals(status)).toList();
        }
    }

    @Override
    public Optional<Review> review(String id) {
        synchronized (lock) {
            return Optional.ofNullable(reviews.get(id));
        }
    }

    @Override
    public Map<String, Long> openByVillage() {
        synchronized (lock) {
            Map<String, Long> out = new TreeMap<>();
            reviews.values().stream().filter(r -> r.status().equals("open"))
                    .forEach(r -> out.merge(r.villageCode(), 1L, Long::sum));
            return out;
        }
    }

    @Override
    public Resolution resolve(String id, boolean useProposed, String by, Instant at, AuditEntry audit) {
        synchronized (lock) {
            Review r = reviews.get(id);
            if (r == null) {
                return new NoSuchReview();
            }
            if (!r.status().equals("open")) {
                return new AlreadyResolved(r);
            }
            lock.checkAudit(audit);
            long version = version(r.householdCode());
            Map<String, Long> figures = Map.of();
            if (useProposed) {
                version++;
                figures = apply(field.table().get(r.householdCode()), version,
                        Map.of(r.field(), HouseholdChangeStore.valueOf(r.field(), r.proposedValue())), at);
            }
            Review done = new Review(r.id(), r.householdCode(), r.villageCode(), r.field(), r.baseValue(),
                    r.currentValue(), r.proposedValue(), r.cadre(), r.at(), "resolved",
                    useProposed ? "proposed" : "current", by, at);
            reviews.put(id, done);
            lock.append(audit);
            return new Resolved(done, version, figures);
        }
    }

    /** Sets the values on the household, writes the change rows and recounts its village. */
    private Map<String, Long> apply(Household h, long version, Map<String, Object> values, Instant at) {
        Map<String, Object> p = new LinkedHashMap<>(h.properties());
        values.forEach((f, v) -> {
            changes.add(new Change(h.code(), version, f, HouseholdChangeStore.text(f, p.get(f))));
            p.put(f, v);
        });
        p.put("updated_at", at.toString());
        field.table().put(h.code(), new Household(h.id(), h.code(), h.lon(), h.lat(), p));
        Map<String, Long> figures = HouseholdFigures.villageFields(field.table().values().stream()
                .filter(o -> h.villageCode().equals(o.villageCode())).map(Household::properties).toList());
        villages.put(h.villageCode(), figures);
        return figures;
    }
}
