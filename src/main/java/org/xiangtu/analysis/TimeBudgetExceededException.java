package org.xiangtu.analysis;

/** A request spent its time budget ({@link Deadline}) and stopped working; the web layer answers 503. */
public final class TimeBudgetExceededException extends RuntimeException {
    private final long budgetMs;
    private final String limitName;

    public TimeBudgetExceededException(long budgetMs, String limitName) {
        super("the work took longer than its budget of " + budgetMs + " ms (" + limitName + ")", null, false, false);
        this.budgetMs = budgetMs;
        this.limitName = limitName;
    }

    public long budgetMs() {
        return budgetMs;
    }

    /** The configuration key of the budget. */
    public String limitName() {
        return limitName;
    }
}
