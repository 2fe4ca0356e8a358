package org.xiangtu.edit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.xiangtu.account.AuditLog;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.HouseholdChangeStore;
import org.xiangtu.store.HouseholdChangeStore.Resolution;
import org.xiangtu.store.HouseholdChangeStore.Review;

/**
 * The review queue of household updates: a field two people changed waits here until someone who may
 * see households (a leader or an administrator; the web layer checks the role) keeps the current value
 * or applies the proposed one. Applying it is a new change of the household (a new version, its village
 * recomputed), audited with the resolution and announced as a change of the {@code villages} layer;
 * keeping it only closes the review. Planners see only how many reviews wait in each village.
 */
public final class HouseholdReviews {
    private final HouseholdChangeStore store;
    private final ChangeFeed feed;
    private volatile HouseholdChanged changed = HouseholdChanged.NONE;
    private final Clock clock;

    public HouseholdReviews(HouseholdChangeStore store, ChangeFeed feed, Clock clock) {
        this.store = store;
        this.feed = feed;
        this.clock = clock;
    }

    /** Tells {@code listener} of every household this changes, after the commit (wired once, at start). */
    public HouseholdReviews notifying(HouseholdChanged listener) {
        this.changed = listener;
        return this;
    }

    /** The reviews with this status, oldest first. @throws FieldVisits.InvalidVisit naming {@code status} */
    public List<Review> list(String status) {
        if (!"open".equals(status) && !"resolved".equals(status)) {
            throw new FieldVisits.InvalidVisit("status", "'status' must be open or resolved.");
        }
        return store.reviews(status);
    }

    /** Open reviews per village code. */
    public Map<String, Long> openByVillage() {
        return store.openByVillage();
    }

    /**
     * Resolves a review with {@code choice} "current" or "proposed".
     *
     * @throws FieldVisits.InvalidVisit naming {@code choice} when it is neither
     */
    public Resolution resolve(String id, String choice, String by, String address) {
        if (!"current".equals(choice) && !"proposed".equals(choice)) {
            throw new FieldVisits.InvalidVisit("choice", "'choice' must be current (keep the value now) or "
                    + "proposed (apply the cadre's value).");
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean proposed = choice.equals("proposed");
        Resolution r = store.resolve(id, proposed, by, at, new AuditEntry(0, at, by, address, "review-resolve", id, "ok",
                AuditLog.json(Map.of("choice", choice))));
        if (r instanceof HouseholdChangeStore.Resolved done) {
            if (proposed) {
                feed.publish("household", List.of("villages"), Map.of("village_code", done.review().villageCode()));
                HouseholdChanged.tell(changed, done.review().householdCode());
            }
            feed.publish("review", List.of(), Map.of("village_code", done.review().villageCode()));
        }
        return r;
    }
}
