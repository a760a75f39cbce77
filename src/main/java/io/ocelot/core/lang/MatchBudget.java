package io.ocelot.core.lang;

/**
 * The work one event may spend on matching: every branch pattern, legacy {@code trigger.branches} filter and
 * trigger directive of one planning draws from the same budget. A per-match budget is not enough: a file with
 * thousands of slow patterns multiplies it, and the trigger threads (shared by every repository of the server)
 * stall for minutes. Counted in steps, not time, so the outcome does not depend on how busy the machine is:
 * one step is one character the regex engine reads (backtracking reads again) or one character a {@code \text} or
 * {@code \filepath} value is compared with.
 *
 * <p>Not thread-safe: one planning, one thread, one budget.
 */
public final class MatchBudget {
    /** About 30 ms of regex work on a current CPU, thousands of times what a real file needs for one event. */
    public static final long STEPS_PER_EVENT = 10_000_000L;

    private final long steps;
    private long left;

    public MatchBudget(long steps) {
        this.steps = steps;
        this.left = steps;
    }

    /** A fresh budget of {@link #STEPS_PER_EVENT}. */
    public static MatchBudget perEvent() {
        return new MatchBudget(STEPS_PER_EVENT);
    }

    public long steps() {
        return steps;
    }

    /** False once the budget is spent (and from then on). */
    boolean spend(long n) {
        left -= n;
        return left >= 0;
    }

    boolean exhausted() {
        return left < 0;
    }
}
