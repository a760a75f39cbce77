package io.ocelot.core.lang;

import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One branch regular expression, matched against the WHOLE branch name ("main" does not match "maintenance").
 * {@code ALL} (the original ocelot's spelling) matches every branch.
 *
 * <p>Matching runs in the Bitbucket JVM on names pushed by anyone, against patterns written by anyone, so it is
 * guarded twice. Time: the input is wrapped in a sequence that counts every character the engine reads and draws
 * them from the event's {@link MatchBudget}, shared by all patterns of one planning; a catastrophic pattern such as
 * {@code (.*a){25}} spends it and planning stops with {@link MatchGaveUp}, naming the pattern. Stack:
 * java.util.regex recurses once per repetition of a group with alternatives, so the innocent {@code (\w|/|-)*}
 * overflows a thread's stack on a 2 000-character branch (git allows such names). A {@link StackOverflowError}
 * there is caught — the engine holds no locks and its state is per matcher — and the match is run again on a
 * short-lived thread with a deep stack; only when that overflows too does the pattern give up.
 */
public final class BranchPattern {
    public static final String ALL = "ALL";
    /**
     * Enough for such a group on a branch of some 200 000 characters (measured on HotSpot 17: 2 000 characters
     * overflow the default 1 MiB stack); address space is reserved, memory committed only as the match goes deep.
     */
    static final long DEEP_STACK_BYTES = 64L * 1024 * 1024;

    private final String source;
    private final Pattern pattern;
    private final String where;

    private BranchPattern(String source, Pattern pattern, String where) {
        this.source = source;
        this.pattern = pattern;
        this.where = where;
    }

    /** @throws PatternSyntaxException when {@code source} is not a valid Java regular expression */
    public static BranchPattern compile(String source) {
        return compile(source, null);
    }

    /**
     * @param where where the file has it ({@code FILE:LINE:COLUMN}), for the message when it gives up; may be null
     * @throws PatternSyntaxException when {@code source} is not a valid Java regular expression
     */
    public static BranchPattern compile(String source, String where) {
        return new BranchPattern(source, ALL.equals(source) ? null : Pattern.compile(source), where);
    }

    public String source() {
        return source;
    }

    /** {@code FILE:LINE:COLUMN} of the pattern, or null when not compiled from a file. */
    public String where() {
        return where;
    }

    /** With a budget of its own: for one-off checks (tests, the command line); planning shares one budget. */
    public boolean matches(String branch) {
        return matches(branch, MatchBudget.perEvent());
    }

    /** @throws MatchGaveUp when the budget is spent or the regex engine runs out of stack even on a deep one */
    public boolean matches(String branch, MatchBudget budget) {
        if (pattern == null) {
            return true;
        }
        if (budget.exhausted()) {
            throw gaveUp(branch, budget, null);
        }
        try {
            return run(branch, budget);
        } catch (StackOverflowError e) {
            return onDeepStack(branch, budget);
        }
    }

    private boolean run(String branch, MatchBudget budget) {
        try {
            return pattern.matcher(new BudgetedChars(branch, budget)).matches();
        } catch (BudgetExceeded e) {
            throw gaveUp(branch, budget, null);
        }
    }

    private boolean onDeepStack(String branch, MatchBudget budget) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(run(branch, budget));
            } catch (StackOverflowError | MatchGaveUp e) {
                result.set(e);
            }
        }, "ocelot-branch-match", DEEP_STACK_BYTES);
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw gaveUp(branch, budget, "interrupted while matching");
        }
        Object r = result.get();
        if (r instanceof Boolean b) {
            return b;
        }
        if (r instanceof MatchGaveUp g) {
            throw g;
        }
        throw gaveUp(branch, budget, "the regular expression engine ran out of stack on this " + branch.length()
                + "-character branch: it recurses once per repetition of a group with alternatives; "
                + "write such a group as a character class, e.g. [\\w/-]* instead of (\\w|/|-)*");
    }

    private MatchGaveUp gaveUp(String branch, MatchBudget budget, String why) {
        String reason = why != null ? why
                : "matching used up the budget of one event (" + budget.steps() + " steps, shared by all branch "
                + "patterns and trigger directives of the file); simplify it: nested or repeated groups such as "
                + "(.*a){25} backtrack exponentially";
        return new MatchGaveUp("branch pattern '" + Abbreviate.text(source) + "' could not be matched against branch '"
                + Abbreviate.text(branch) + "': " + reason, false).at(where);
    }

    @Override
    public String toString() {
        return source;
    }

    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /** A CharSequence that counts reads; the regex engine reads through it for every step of backtracking. */
    private record BudgetedChars(String text, MatchBudget budget) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (!budget.spend(1)) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(text.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
