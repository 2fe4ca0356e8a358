package org.xiangtu.edit;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.xiangtu.account.AuditLog;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FieldStore.Household;
import org.xiangtu.store.HouseholdChangeStore;
import org.xiangtu.store.HouseholdChangeStore.Merged;
import org.xiangtu.store.HouseholdChangeStore.Update;

/**
 * The rules of a household update from the field app: a cadre changes only their own households (any
 * other code is {@link FieldVisits.NotYours}, 404), only the fields of {@link HouseholdChangeStore#EDITABLE},
 * each to a value the catalogue allows (its type; one of its values for a coded field; integers and
 * incomes not negative; dates from 2000 to a day ahead), naming {@code changes.<field>} when one is not
 * valid. The update carries the version it was based on (not above the household's version now) and
 * its id from the device (a UUID), so that one sent twice is stored once. The store merges it (see
 * {@link HouseholdChangeStore}); an update that applied something is audited in its transaction and
 * announced on the {@link ChangeFeed} as a change of the {@code villages} layer naming only the
 * village (its computed fields are not public), so that the dashboard recomputes.
 */
public final class HouseholdUpdates {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    /** An update as sent: its id, the household, the base version, the device's time, the values (JSON scalars as Java values). */
    public record Request(String id, String householdCode, Long baseVersion, String at, Map<String, Object> changes) {
    }

    /** What the update did, and the household as it is now with its version. */
    public record Result(Merged merged, Household household, long version) {
        public boolean created() {
            return !merged.duplicate();
        }
    }

    private final FieldVisits visits;
    private final HouseholdChangeStore store;
    private final ChangeFeed feed;
    private final Clock clock;
    private final Map<String, FieldDef> fields = new LinkedHashMap<>();

    public HouseholdUpdates(Catalog catalog, FieldVisits visits, HouseholdChangeStore store, ChangeFeed feed,
            Clock clock) {
        this.visits = visits;
        this.store = store;
        this.feed = feed;
        this.clock = clock;
        LayerDef households = catalog.layer("households").orElseThrow();
        for (String f : HouseholdChangeStore.EDITABLE) {
            fields.put(f, households.field(f).orElseThrow());
        }
    }

    /** The cadre's households with their versions (code → version; those never changed are absent, at 0). */
    public Map<String, Long> versions(String cadre) {
        return store.versions(cadre);
    }

    /**
     * The cadre's own updates stored since then, or whose reviews were resolved since (null: all), each
     * with what became of its fields: what the device needs to show a review's outcome.
     */
    public List<HouseholdChangeStore.UpdateStatus> mine(String cadre, String since) {
        java.time.Instant from = null;
        if (since != null) {
            try {
                from = OffsetDateTime.parse(since).toInstant();
            } catch (DateTimeParseException e) {
                throw new FieldVisits.InvalidVisit("since", "'since' must be a date and time with its offset, e.g. "
                        + "2020-10-14T09:35:00Z (the 'now' of the previous answer).");
            }
        }
        return store.updates(cadre, from);
    }

    /** The time now, as the next {@code since} of a device (the store's clock). */
    public java.time.Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A household's version. */
    public long version(String code) {
        return store.version(code);
    }

    /**
     * Checks and merges an update of the cadre's, or answers what it did the first time.
     *
     * @throws FieldVisits.InvalidVisit naming the field at fault (nothing is written)
     * @throws FieldVisits.NotYours when the household is not one of the cadre's
     */
    public Result update(String cadre, String address, Request r) {
        if (r.id() == null || !UUID.matcher(r.id()).matches()) {
            throw new FieldVisits.InvalidVisit("id", "'id' must be the UUID the device chose for this update.");
        }
        String at = at(r.at());
        if (r.changes() == null || r.changes().isEmpty()) {
            throw new FieldVisits.InvalidVisit("changes", "'changes' must name at least one field and its new value.");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        r.changes().forEach((f, v) -> values.put(f, value(f, v)));
        Household h = visits.household(cadre, r.householdCode());
        long now = store.version(h.code());
        if (r.baseVersion() == null || r.baseVersion() < 0 || r.baseVersion() > now) {
            throw new FieldVisits.InvalidVisit("base_version", "'base_version' must be the household's version the "
                    + "change was made on, 0 to " + now + ".");
        }
        java.time.Instant stored = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("household", h.code());
        detail.put("village", h.villageCode());
        detail.put("base_version", r.baseVersion());
        detail.put("fields", List.copyOf(values.keySet()));
        Merged m = store.update(new Update(r.id(), h.code(), cadre, r.baseVersion(), at, values, stored,
                new AuditEntry(0, stored, cadre, address, "household-update", r.id(), "ok", AuditLog.json(detail))));
        if (!m.duplicate() && !m.applied().isEmpty()) {
            feed.publish("household", List.of("villages"), Map.of("village_code", h.villageCode()));
        }
        if (!m.duplicate() && !m.reviews().isEmpty()) {
            feed.publish("review", List.of(), Map.of("village_code", h.villageCode()));
        }
        return new Result(m, visits.household(cadre, h.code()), store.version(h.code()));
    }

    /** A value for a field, checked against the catalogue; numbers as {@code Long} or {@code Double}, dates as text. */
    private Object value(String field, Object v) {
        FieldDef def = fields.get(field);
        String name = "changes." + field;
        if (def == null) {
            throw new FieldVisits.InvalidVisit(name, "'" + field + "' cannot be changed from the field app; the "
                    + "fields that can are " + HouseholdChangeStore.EDITABLE + ".");
        }
        if (def.type() == FieldType.INTEGER && v instanceof Long n && n >= 0 && n <= 10_000) {
            return n;
        }
        if (def.type() == FieldType.NUMBER && v instanceof Number n && Double.isFinite(n.doubleValue())
                && n.doubleValue() >= 0 && n.doubleValue() < 1e9) {
            return n.doubleValue();
        }
        if (def.type() == FieldType.STRING && v instanceof String s && def.enumValues() != null
                && def.enumValues().contains(s)) {
            return s;
        }
        if (def.type() == FieldType.DATE && v instanceof String s) {
            try {
                LocalDate d = LocalDate.parse(s);
                if (d.getYear() >= 2000 && !d.isAfter(LocalDate.now(clock).plusDays(1))) {
                    return d.toString();
                }
            } catch (DateTimeException e) {
                // told below
            }
        }
        throw new FieldVisits.InvalidVisit(name, "'" + name + "' must be " + switch (def.type()) {
            case INTEGER -> "a whole number, 0 or more";
            case NUMBER -> "a number, 0 or more";
            case DATE -> "a date YYYY-MM-DD from 2000 to today";
            default -> "one of " + def.enumValues();
        } + ".");
    }

    /** The device's local time, as {@code YYYY-MM-DDTHH:MM:SS±HH:MM}: with an offset, at most a day ahead. */
    private String at(String raw) {
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(raw == null ? "" : raw);
        } catch (DateTimeParseException e) {
            throw new FieldVisits.InvalidVisit("at", "'at' must be the local date and time of the change with its "
                    + "offset, e.g. 2020-10-14T09:35:00+08:00.");
        }
        if (t.toInstant().isAfter(clock.instant().plus(Duration.ofDays(1))) || t.getYear() < 2000) {
            throw new FieldVisits.InvalidVisit("at", "'at' must be from 2000 to at most a day ahead.");
        }
        return AT.format(t);
    }
}
