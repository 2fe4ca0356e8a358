package org.xiangtu.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the field app's records are read and written: the {@code households} assigned to a cadre, and
 * the {@code visits} a cadre records, each with the {@code home_visits} count of its village and month
 * and the audit entry, in one transaction. The rules (who may see which household, what a valid visit
 * is, what the audit entry says) live in {@code edit.FieldVisits}.
 *
 * <p>A visit's id is chosen on the device (a UUID), so that a visit sent twice is stored once:
 * {@link #addVisit} with an id already stored writes nothing and answers {@link Duplicate} with what is
 * stored. Otherwise it writes the visit row; the {@code home_visits} row of the visit's village and
 * month (id {@code visit-<village>-<YYYY-MM>}, made when missing) set to the recount of that village's
 * visits in that month (the month of the visit's local time {@code at}, as
 * {@code analysis.HouseholdFigures} counts them) and stamped; and the audit entry. Concurrent visits to
 * one village and month take turns on its {@code home_visits} row, so the count is never lost.
 *
 * <p>Implementations are thread-safe. Methods never return {@code null}; "no such household" is an
 * empty {@link Optional}. When the write fails (the store goes away in the middle, a value is refused),
 * nothing of it is written: neither the visit, nor the count, nor the audit entry. A store that cannot
 * be reached throws {@link StoreUnavailableException}.
 */
public interface FieldStore {

    /**
     * A household as stored: its feature {@code id}, its {@code code}, its position (lon/lat in EPSG:4490,
     * both null when it has none) and every other column by name (strings, {@code Long}, {@code Double},
     * dates as {@code YYYY-MM-DD}, {@code updated_at} as an ISO instant), {@code code} included.
     */
    record Household(String id, String code, Double lon, Double lat, Map<String, Object> properties) {
        /** The household's cadre (its {@code cadre} column); null when none is assigned. */
        public String cadre() {
            return properties.get("cadre") instanceof String s ? s : null;
        }

        /** The household's village code. */
        public String villageCode() {
            return properties.get("village_code") instanceof String s ? s : null;
        }
    }

    /**
     * A visit: its id (from the device), the household's code and village, the cadre, the local time
     * {@code at} (ISO date-time with offset, as text), the kind, a note (may be null), the number of
     * photos, the position (both null or both set), the time it was stored ({@code updated_at}) and the
     * event it reported for the relapse watch ({@code reported}: a value of the catalogue's
     * {@code visits.reported}, or null).
     */
    record Visit(String id, String householdCode, String villageCode, String cadre, String at, String kind,
            String note, long photos, Double lon, Double lat, Instant updatedAt, String reported) {

        /** A visit that reported no event. */
        public Visit(String id, String householdCode, String villageCode, String cadre, String at, String kind,
                String note, long photos, Double lon, Double lat, Instant updatedAt) {
            this(id, householdCode, villageCode, cadre, at, kind, note, photos, lon, lat, updatedAt, null);
        }
    }

    /** An event a visit reported: the household, the event and the visit's local time {@code at}. */
    record ReportedEvent(String householdCode, String event, String at) {
    }

    /** What {@link #addVisit} did. */
    sealed interface Outcome permits Added, Duplicate {
        Visit visit();
    }

    /** Written: the visit, and {@code monthVisits}, the village's visits in the visit's month now. */
    record Added(Visit visit, long monthVisits) implements Outcome {
    }

    /** Nothing written: a visit with this id is stored already, as {@code visit}. */
    record Duplicate(Visit visit) implements Outcome {
    }

    /** The households whose {@code cadre} is {@code cadre}, every column, ordered by code. */
    List<Household> households(String cadre);

    /** The household with this code; empty if there is none. */
    Optional<Household> household(String code);

    /**
     * Every household, every column, in code order, handed to {@code each} one at a time (for the relapse
     * watch's nightly run: not held in memory together).
     */
    void eachHousehold(java.util.function.Consumer<Household> each);

    /**
     * Every household in code order as {@link #eachHousehold(java.util.function.Consumer)}, with only these
     * properties read (and {@code code}; no position), when the store can read fewer columns; the nightly
     * run reads the rules' fields only.
     */
    default void eachHousehold(java.util.Collection<String> fields, java.util.function.Consumer<Household> each) {
        eachHousehold(each);
    }

    /**
     * As {@link #eachHousehold(java.util.Collection, java.util.function.Consumer)}, narrowed to the households
     * that may hit one of the conditions (a store that cannot narrow hands over every household: the caller
     * checks each one anyway). The nightly run reads only its candidates.
     */
    default void eachHousehold(java.util.Collection<String> fields, WatchCandidates only,
            java.util.function.Consumer<Household> each) {
        eachHousehold(fields, each);
    }

    /**
     * The events reported on visits whose local time {@code at} is not before {@code sinceAt} (compared as
     * text, {@code YYYY-MM-DD…}), of one household or (null) of all, by household and time.
     */
    List<ReportedEvent> reported(String householdCode, String sinceAt);

    /** The stored visit with this id; empty if there is none. */
    Optional<Visit> visit(String id);

    /** Stores the visit, its village's month count and the audit entry, unless its id is taken (see the class comment). */
    Outcome addVisit(Visit visit, AuditEntry audit);

    // ---- work logs and the assignment of households (issue 16) ----

    /**
     * A work log or assistance measure: its id (from the device), the household's code (null for a log
     * about a whole village), the village, the cadre, the local time {@code at} (ISO date-time with offset,
     * as text), the kind, the text, the number of photos, the position (both null or both set) and the
     * time it was stored ({@code updated_at}).
     */
    record WorkLog(String id, String householdCode, String villageCode, String cadre, String at, String kind,
            String text, long photos, Double lon, Double lat, Instant updatedAt) {
    }

    /** What {@link #addLog} did: {@code created} false when a log with this id was stored before, as {@code log}. */
    record LogOutcome(boolean created, WorkLog log) {
    }

    /** The stored work log with this id; empty if there is none. */
    Optional<WorkLog> log(String id);

    /** The cadre's work logs, newest {@code at} first (then id), {@code limit} from {@code offset}. */
    List<WorkLog> logs(String cadre, int limit, int offset);

    /**
     * Stores the work log and the audit entry in one transaction, unless its id is taken: then nothing is
     * written and the stored log is answered. Nothing of it is written when the write fails.
     */
    LogOutcome addLog(WorkLog log, AuditEntry audit);

    /** What {@link #assign} did. */
    sealed interface Assignment permits Assigned, UnknownHouseholds {
    }

    /** Written: every household's cadre, with {@code previous}, each code's cadre before (null for none), in request order. */
    record Assigned(Map<String, String> previous) implements Assignment {
    }

    /** Nothing written: no household has these codes (in request order). */
    record UnknownHouseholds(List<String> codes) implements Assignment {
    }

    /**
     * Sets the {@code cadre} (null: none) and {@code updated_at} of the households with these codes, and
     * appends the audit entry {@code audit} makes of the previous cadres, in one transaction; when a code
     * names no household, nothing is written. Concurrent assignments of one household take turns.
     */
    Assignment assign(String cadre, List<String> codes, Instant at,
            java.util.function.Function<Map<String, String>, AuditEntry> audit);
}
