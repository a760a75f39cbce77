package io.ocelot.core.lang;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Durations as people write them in ocelot.yml: {@code 90s}, {@code 45m}, {@code 1h30m}. The text is checked
 * against a strict pattern (so "1.5h" or "30" get a clear message) and then handed to {@link Duration#parse},
 * which already understands the same units in ISO-8601 form ("PT1H30M").
 */
public final class Durations {
    /** Longer than any sane build; also keeps seconds far from overflow. */
    public static final Duration MAX = Duration.ofDays(7);
    private static final Pattern FORM = Pattern.compile("(?:\\d{1,6}h)?(?:\\d{1,6}m)?(?:\\d{1,7}s)?",
            Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /** Parses a duration or throws {@link IllegalArgumentException} with a message for the user. */
    public static Duration parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || !FORM.matcher(t).matches()) {
            throw new IllegalArgumentException("invalid duration '" + text
                    + "': use hours, minutes and seconds such as 90s, 45m or 1h30m");
        }
        Duration d = Duration.parse("PT" + t.toUpperCase(Locale.ROOT));
        if (d.isZero()) {
            throw new IllegalArgumentException("invalid duration '" + text + "': it must be longer than 0s");
        }
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("invalid duration '" + text + "': the longest allowed is 168h (7 days)");
        }
        return d;
    }

    /** The inverse of {@link #parse} for messages: 5400 s → "1h30m". */
    public static String format(Duration d) {
        long s = d.getSeconds();
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            b.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || b.length() == 0) {
            b.append(s % 60).append('s');
        }
        return b.toString();
    }
}
