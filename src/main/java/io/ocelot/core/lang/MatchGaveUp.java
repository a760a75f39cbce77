package io.ocelot.core.lang;

/**
 * A branch pattern (or trigger directive) could not be decided for this event: it used up the event's
 * {@link MatchBudget}, or the regex engine ran out of stack. Neither "match" nor "no match" would be honest, so
 * planning stops and the message (which names the pattern and where the file has it) becomes the build's failure.
 */
public final class MatchGaveUp extends RuntimeException {
    private final boolean located;

    MatchGaveUp(String message, boolean located) {
        super(message, null, false, false);
        this.located = located;
    }

    /** This one if it already says where, else one that starts with {@code where} ({@code FILE:LINE:COLUMN}). */
    MatchGaveUp at(String where) {
        return located || where == null ? this : new MatchGaveUp(where + ": " + getMessage(), true);
    }
}
