package org.xiangtu.edit;

/**
 * Told after a household's record changed and the change is committed (an update applied, a review resolved
 * to the proposed value, a visit that reported an event): the relapse watch runs its rules on it
 * ({@link RelapseWatch#check}). It runs on the request's thread after the commit; a failure is logged and
 * does not undo the change (the nightly run catches up).
 */
@FunctionalInterface
public interface HouseholdChanged {
    HouseholdChanged NONE = code -> { };

    void changed(String householdCode);

    /** Calls the listener, logging (not throwing) what it throws. */
    static void tell(HouseholdChanged listener, String householdCode) {
        try {
            listener.changed(householdCode);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(HouseholdChanged.class)
                    .warn("after a change of household {}: {}", householdCode, e.toString());
        }
    }
}
