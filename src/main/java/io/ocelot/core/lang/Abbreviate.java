package io.ocelot.core.lang;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How user-controlled values appear in reasons and log lines: a 2 000-character branch or a list of 60 000
 * patterns must not become a 2 MB log line, so long values are cut and long lists summarised.
 */
public final class Abbreviate {
    public static final int TEXT = 80;
    public static final int ITEMS = 10;

    private Abbreviate() {
    }

    /** {@code s} when at most {@link #TEXT} characters, else its start and its full length. */
    public static String text(String s) {
        if (s == null || s.length() <= TEXT) {
            return s;
        }
        return s.substring(0, TEXT - 3) + "... (" + s.length() + " characters)";
    }

    /** "[a, b, c]", or the first {@link #ITEMS} and "... N more" for longer lists; each item cut by {@link #text}. */
    public static String list(List<String> items) {
        String shown = items.stream().limit(ITEMS).map(Abbreviate::text).collect(Collectors.joining(", "));
        return "[" + shown + (items.size() > ITEMS ? ", ... " + (items.size() - ITEMS) + " more" : "") + "]";
    }
}
