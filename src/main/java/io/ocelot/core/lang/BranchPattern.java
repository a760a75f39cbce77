package io.ocelot.core.lang;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One branch regular expression, matched against the WHOLE branch name ("main" does not match "maintenance").
 * {@code ALL} (the original ocelot's spelling) matches every branch.
 *
 * <p>Matching runs in the Bitbucket JVM on names pushed by anyone, so a catastrophic pattern such as
 * {@code (a+)+$} must not hang an event thread: the input is wrapped in a sequence that gives up after a fixed
 * number of character reads, and a pattern that gives up counts as not matching.
 */
public final class BranchPattern {
    public static final String ALL = "ALL";
    private static final int READ_BUDGET = 1_000_000;

    private final String source;
    private final Pattern pattern;

    private BranchPattern(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /** @throws PatternSyntaxException when {@code source} is not a valid Java regular expression */
    public static BranchPattern compile(String source) {
        return new BranchPattern(source, ALL.equals(source) ? null : Pattern.compile(source));
    }

    public String source() {
        return source;
    }

    public boolean matches(String branch) {
        if (pattern == null) {
            return true;
        }
        try {
            return pattern.matcher(new BudgetedChars(branch, new int[]{READ_BUDGET})).matches();
        } catch (BudgetExceeded e) {
            return false;
        }
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
    private record BudgetedChars(String text, int[] budget) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
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
