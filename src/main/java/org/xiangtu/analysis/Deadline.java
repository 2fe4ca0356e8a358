package org.xiangtu.analysis;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The time one request may spend working. The work checks it inside its loops (per candidate
 * feature, per union of the zone, per exported row), so a request past its budget stops computing
 * at the next check and throws {@link TimeBudgetExceededException}; no single step between two
 * checks is unbounded, because the drawn input is bounded first. Not thread-safe; one per request.
 */
public final class Deadline {
    /** No limit (for tests and the command line). */
    public static final Deadline NONE = new Deadline(Long.MAX_VALUE, "none");

    private final long budgetMs;
    private final String limitName;
    private final long endNanos;

    private Deadline(long budgetMs, String limitName) {
        this.budgetMs = budgetMs;
        this.limitName = limitName;
        this.endNanos = budgetMs == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + budgetMs * 1_000_000;
    }

    /**
     * A deadline {@code budgetMs} from now.
     *
     * @param limitName the configuration key of the budget, named in the error
     */
    public static Deadline in(long budgetMs, String limitName) {
        return new Deadline(budgetMs, limitName);
    }

    /** @throws TimeBudgetExceededException when the budget is spent */
    public void check() {
        if (endNanos != Long.MAX_VALUE && System.nanoTime() - endNanos > 0) {
            throw new TimeBudgetExceededException(budgetMs, limitName);
        }
    }

    /** A view of {@code list} whose reads check this deadline every 64 elements (for loops we do not own). */
    public <T> List<T> checking(List<T> list) {
        if (this == NONE) {
            return list;
        }
        return new Checked<>(list, this);
    }

    private static final class Checked<T> extends AbstractList<T> implements RandomAccess {
        private final List<T> list;
        private final Deadline deadline;

        Checked(List<T> list, Deadline deadline) {
            this.list = list;
            this.deadline = deadline;
        }

        @Override
        public T get(int i) {
            if ((i & 63) == 0) {
                deadline.check();
            }
            return list.get(i);
        }

        @Override
        public int size() {
            return list.size();
        }
    }
}
