package org.xiangtu.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a household's updates from the field app are merged, versioned and, when two people changed
 * the same field, queued for review. The households catalogue columns stay as they are: every accepted
 * change is a row of {@code household_changes} (household, version, field, old and new value, the
 * update it came from), and a household's version is its highest change version (0 as imported).
 *
 * <p>{@link #update} merges one update in one transaction, against the household as it is when the
 * household's village is locked: a field nobody changed since the update's base version is applied; a
 * field changed since then that now holds another value than proposed becomes an open review in
 * {@code household_reviews}; a field that already holds the proposed value is left alone. The applied
 * fields share one new version; the household row, its change rows, the reviews, the village's
 * computed fields ({@code analysis.HouseholdFigures#villageFields} of its households, written to its
 * {@code villages} row), the update's own row (so that it is stored once: an update id seen before
 * answers the stored {@link Merged} with {@code duplicate} set, writing nothing) and the audit entry are
 * written together or not at all.
 *
 * <p>Values are Java values of the column's type: {@code String} (text), {@code Long} (integer),
 * {@code Double} (number), dates as {@code YYYY-MM-DD} strings bound as dates; null clears a field.
 * Implementations are thread-safe; the rules (who may change which field to what) live in
 * {@code edit.HouseholdUpdates}.
 */
public interface HouseholdChangeStore {

    /** The fields an update may change, as the columns of {@code households} are named. */
    List<String> EDITABLE = List.of("size", "class", "main_cause", "extreme_poor_people", "food_clothing",
            "food_clothing_checked", "housing", "housing_checked", "water", "water_checked", "education",
            "education_checked", "medical", "medical_checked", "income_wage_2019", "income_business_2019",
            "income_transfer_2019", "income_property_2019", "income_wage_2020", "income_business_2020",
            "income_transfer_2020", "income_property_2020", "lifted_year");

    /** Fields of {@link #EDITABLE} stored as dates (bound as dates, compared as {@code YYYY-MM-DD}). */
    static boolean isDate(String field) {
        return field.endsWith("_checked");
    }

    /** A field's value as stored in the change and review rows: its text (income as a decimal); null stays null. */
    static String text(String field, Object v) {
        if (v instanceof Number n) {
            return field.startsWith("income_") ? Double.toString(n.doubleValue()) : Long.toString(n.longValue());
        }
        return v == null ? null : v.toString();
    }

    /** A value as stored in the change and review rows (its text) back as the field's Java value. */
    static Object valueOf(String field, String text) {
        if (text == null) {
            return null;
        }
        if (field.equals("size") || field.equals("extreme_poor_people") || field.equals("lifted_year")) {
            return Long.valueOf(text);
        }
        return field.startsWith("income_") ? (Object) Double.valueOf(text) : text;
    }

    /**
     * An update from a device: its {@code id} (a UUID made there), the household, the cadre, the version
     * it was based on, the device's local time {@code at} (text), the proposed values by field, the
     * time it is stored and the audit entry to write with it.
     */
    record Update(String id, String householdCode, String cadre, long baseVersion, String at,
            Map<String, Object> changes, Instant storedAt, AuditEntry audit) {
    }

    /** One review made by an update: its id and field. */
    record ReviewRef(String id, String field) {
    }

    /**
     * What an update did: the household's {@code version} after it, the {@code applied} fields, the
     * {@code reviews} it opened, the household's village and that village's computed fields now;
     * {@code duplicate} when the update was stored before and nothing was written now.
     */
    record Merged(String id, long version, List<String> applied, List<ReviewRef> reviews, String villageCode,
            Map<String, Long> villageFields, boolean duplicate) {
    }

    /** A review: two values for one field of a household, and how it was resolved (nulls while open). */
    record Review(String id, String householdCode, String villageCode, String field, String baseValue,
            String currentValue, String proposedValue, String cadre, String at, String status, String resolution,
            String resolvedBy, Instant resolvedAt) {
    }

    /** What {@link #resolve} did. */
    sealed interface Resolution permits Resolved, AlreadyResolved, NoSuchReview {
    }

    /**
     * Closed now: the review as stored; the household's version, and the village's computed fields when
     * the proposed value was applied (else {@code villageFields} is empty).
     */
    record Resolved(Review review, long version, Map<String, Long> villageFields) implements Resolution {
    }

    /** Resolved before; nothing written. */
    record AlreadyResolved(Review review) implements Resolution {
    }

    /** There is no review with this id; nothing written. */
    record NoSuchReview() implements Resolution {
    }

    /**
     * One of a cadre's updates as it stands now: its id, household, the device's time, when it was
     * stored, the version it made, the fields it applied and the reviews it opened, each as it is now
     * (open, or resolved with its resolution).
     */
    record UpdateStatus(String id, String householdCode, String at, Instant storedAt, long version,
            List<String> applied, List<Review> reviews) {
    }

    /** The most updates {@link #updates} answers. */
    int MAX_UPDATES = 500;

    /**
     * The cadre's own updates stored at or after {@code since}, or with a review resolved at or after it
     * ({@code since} null: all), oldest first, at most {@link #MAX_UPDATES} (the newest ones).
     */
    List<UpdateStatus> updates(String cadre, Instant since);

    /** Whether an update belongs in {@link #updates} from {@code since}: stored then or later, or a review resolved then or later. */
    static boolean since(UpdateStatus u, Instant since) {
        return since == null || !u.storedAt().isBefore(since) || u.reviews().stream()
                .anyMatch(r -> r.resolvedAt() != null && !r.resolvedAt().isBefore(since));
    }

    /** A household's version: its highest change version, 0 when it was never changed. */
    long version(String householdCode);

    /** The versions of the cadre's households that were ever changed (the others are at 0). */
    Map<String, Long> versions(String cadre);

    /** Merges and stores the update, or answers what it did the first time (see the class comment). */
    Merged update(Update update);

    /** The reviews with this status ({@code open} or {@code resolved}), oldest first. */
    List<Review> reviews(String status);

    /** One review; empty if there is none. */
    Optional<Review> review(String id);

    /** The open reviews per village code (villages without one are absent). */
    Map<String, Long> openByVillage();

    /**
     * Closes an open review, keeping the current value ({@code useProposed} false) or applying the
     * proposed one as a new change (a new version, the village recomputed), with the audit entry, in one
     * transaction.
     */
    Resolution resolve(String id, boolean useProposed, String by, Instant at, AuditEntry audit);
}
