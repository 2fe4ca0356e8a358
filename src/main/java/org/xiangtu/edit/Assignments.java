package org.xiangtu.edit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xiangtu.account.AuditLog;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FieldStore;
import org.xiangtu.store.FieldStore.Household;
import org.xiangtu.store.UserStore;

/**
 * Which assistance cadre looks after which households: an administrator (on the API or the command line)
 * sets the {@code cadre} of up to {@link #MAX_HOUSEHOLDS} households at once, or clears it ({@code cadre}
 * null: the households are nobody's until assigned again). The cadre must be an existing user with the
 * role {@code cadre}; every code must name a household, else nothing is written and the unknown codes are
 * named. All the households and one audit entry (who, which cadre, how many, the previous cadres with
 * their counts) are one transaction ({@link FieldStore#assign}); the cadre's field app shows the new
 * households at its next request. Nothing is announced on {@code /events}: no public figure changes.
 */
public final class Assignments {
    public static final int MAX_HOUSEHOLDS = 5_000;
    /** How many unknown codes an answer names; the rest are counted. */
    static final int NAMED_UNKNOWN = 100;

    /** What was done: the cadre (null: unassigned), how many households, and their previous cadres with counts. */
    public record Result(String cadre, int households, Map<String, Integer> previous) {
    }

    /** An assignment that is not valid, naming the field at fault; nothing is written. */
    public static final class InvalidAssignment extends RuntimeException {
        private final String field;

        InvalidAssignment(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private final FieldStore store;
    private final UserStore users;
    private final Clock clock;

    public Assignments(FieldStore store, UserStore users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    /** The codes of the cadre's households, in code order. */
    public List<String> codes(String cadre) {
        return store.households(cadre).stream().map(Household::code).toList();
    }

    /**
     * Assigns the households to the cadre (or to nobody when {@code cadre} is null), recorded as {@code actor}
     * from {@code address} (null on the command line).
     *
     * @throws InvalidAssignment naming {@code cadre} or {@code households} (nothing is written)
     */
    public Result assign(String actor, String address, String cadre, List<String> households) {
        if (cadre != null && users.find(cadre).filter(u -> u.role().equals("cadre")).isEmpty()) {
            throw new InvalidAssignment("cadre", "'" + cadre + "' is not a user with the role cadre (add one with "
                    + "xiangtu user add NAME --role cadre).");
        }
        if (households == null || households.isEmpty()) {
            throw new InvalidAssignment("households", "'households' must list at least one household code.");
        }
        if (households.size() > MAX_HOUSEHOLDS) {
            throw new InvalidAssignment("households", "'households' lists " + households.size()
                    + " codes; at most " + MAX_HOUSEHOLDS + " are assigned at once (send several requests).");
        }
        if (households.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new InvalidAssignment("households", "'households' must hold household codes only, none empty.");
        }
        List<String> codes = List.copyOf(new LinkedHashSet<>(households));
        FieldStore.Assignment done = store.assign(cadre, codes, clock.instant().truncatedTo(ChronoUnit.MILLIS),
                previous -> new AuditEntry(0, clock.instant(), actor, address, "assign", cadre == null ? "" : cadre,
                        "ok", AuditLog.json(detail(cadre, previous))));
        if (done instanceof FieldStore.UnknownHouseholds u) {
            List<String> named = u.codes().subList(0, Math.min(NAMED_UNKNOWN, u.codes().size()));
            throw new InvalidAssignment("households", "No household has " + (u.codes().size() == 1 ? "the code "
                    : "these " + u.codes().size() + " codes") + ": " + String.join(", ", named)
                    + (named.size() < u.codes().size() ? " … and " + (u.codes().size() - named.size()) + " more" : "")
                    + ". Nothing was assigned.");
        }
        return new Result(cadre, codes.size(), counts(((FieldStore.Assigned) done).previous()));
    }

    private static Map<String, Object> detail(String cadre, Map<String, String> previous) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cadre", cadre);
        d.put("households", previous.size());
        d.put("previous", counts(previous));
        return d;
    }

    /** Previous cadre → how many of the households were theirs; {@code ""} for households that had none. */
    private static Map<String, Integer> counts(Map<String, String> previous) {
        Map<String, Integer> out = new TreeMap<>();
        previous.values().forEach(p -> out.merge(p == null ? "" : p, 1, Integer::sum));
        return out;
    }
}
