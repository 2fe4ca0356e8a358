package org.xiangtu.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The relapse watch's records (docs/relapse-watch.md), in the catalogue layers {@code watch_alerts} and
 * {@code watch_monitoring} (household data, at the household's position): alerts — a rule's hit on a household, or a line of a
 * department's list — each a task for the household's cadre with a due day, closed by a verification as
 * confirmed (the household enters monitoring) or not confirmed; and the households under monitoring, who
 * leave it only by a recorded decision.
 *
 * <p>Never two open alerts for the same rule and household: {@link #open} skips a hit whose pair is open
 * (the tables hold a unique index on open pairs, so that two nodes racing cannot both open one). Every
 * change writes its audit entry in its own transaction, all or nothing. Implementations are thread-safe;
 * which rule fires is {@code analysis.RelapseRules}', who may do what is {@code edit.RelapseWatch}'.
 */
public interface WatchStore {

    /** The county's time zone: the day a monitoring starts is the local day of the confirmation. */
    java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Shanghai");

    /** A time as the layers hold it: ISO-8601 UTC to the second ({@code 2020-11-15T02:00:00Z}), so text order is time order. */
    static String time(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /** Alert states. */
    String OPEN = "open";
    String CONFIRMED = "confirmed";
    String NOT_CONFIRMED = "not_confirmed";

    /**
     * An alert. {@code rule} is a catalogue rule id or {@code list:<source>} for a department's list;
     * {@code villageCode} and {@code cadre} are the household's when it opened; {@code closed*} and
     * {@code note} (the measure when confirmed, the reason when not) are null while open. Times are to the second.
     */
    record Alert(String id, String rule, String householdCode, String villageCode, String cadre, String tier,
            String actor, Instant openedAt, LocalDate dueOn, String reason, String status, Instant closedAt,
            String closedBy, String visitId, String note, String basis) {

        public boolean isOpen() {
            return OPEN.equals(status);
        }

        /** Overdue on the day: still open after its due day. */
        public boolean overdueOn(LocalDate day) {
            return isOpen() && day.isAfter(dueOn);
        }
    }

    /**
     * A hit to open as an alert: its id is made by the caller (a UUID); {@code basis} names the facts it rests
     * on (the values the rule read, the events, a list's reason), so that facts verified once do not alert again.
     */
    record NewAlert(String id, String rule, String householdCode, String tier, String actor, LocalDate dueOn,
            String reason, String basis) {
        public NewAlert {
            if (basis == null) {
                throw new IllegalArgumentException("an alert needs its basis");
            }
        }
    }

    /**
     * What {@link #open} did: the alerts opened; the hits skipped ({@code alreadyOpen}: their rule and household
     * have an open alert, or had one on the same basis); the unknown households.
     */
    record Opened(List<Alert> opened, List<NewAlert> alreadyOpen, List<String> unknownHouseholds) {
    }

    /**
     * Opens the hits whose household exists, whose (rule, household) pair has no open alert and never had one
     * on the same basis (the facts were verified already: a rule fires again only on new facts), in one
     * transaction with the audit entry made from the outcome (none when nothing opened). Hits of unknown
     * households are reported, not opened.
     */
    Opened open(List<NewAlert> hits, Instant at, Function<Opened, AuditEntry> audit);

    Optional<Alert> alert(String id);

    /** Which alerts to list: any filter may be null; {@code villagePrefix} matches village codes by prefix. */
    record AlertQuery(String cadre, String villagePrefix, String householdCode, String status, int limit, int offset) {
    }

    /** Alerts by the query, oldest opened first (then id). */
    List<Alert> alerts(AlertQuery query);

    /** The outcome of {@link #close}. */
    sealed interface Closing permits Closed, NotOpen, NoAlert {
    }

    /** Closed; {@code monitoring} is the household's monitoring record when the alert was confirmed. */
    record Closed(Alert alert, Optional<Monitoring> monitoring) implements Closing {
    }

    /** It was closed already: nothing changed. */
    record NotOpen(Alert alert) implements Closing {
    }

    record NoAlert() implements Closing {
    }

    /**
     * Closes an open alert as confirmed (the household enters monitoring with the measure in {@code note},
     * unless it is under monitoring already) or not confirmed (the reason in {@code note}), in one
     * transaction with the audit entry.
     */
    Closing close(String id, boolean confirmed, String note, String visitId, String by, Instant at,
            AuditEntry audit);

    /** A household's time under monitoring; {@code endedOn}, {@code endReason}, {@code endedBy} null while it lasts. */
    record Monitoring(String householdCode, String villageCode, LocalDate since, String alertId, String measure,
            LocalDate endedOn, String endReason, String endedBy) {

        public boolean isCurrent() {
            return endedOn == null;
        }
    }

    /** The monitoring records of households in villages by prefix (null: all), current only or all, by household. */
    List<Monitoring> monitoring(String villagePrefix, boolean currentOnly);

    /**
     * Ends the household's current monitoring with the recorded decision, in one transaction with the audit
     * entry; false (nothing written) when it is not under monitoring.
     */
    boolean endMonitoring(String householdCode, LocalDate on, String reason, String by, AuditEntry audit);
}
