package io.ocelot.core.lang;

import java.util.regex.Pattern;

/**
 * The globs of {@code reports.junit}: paths relative to the workspace, with {@code *} (any characters but
 * {@code /}), {@code ?} (one such character), {@code [abc]} / {@code [!abc]} / {@code [a-z]}, {@code {a,b}}
 * alternatives, and {@code **} as a whole segment for any number of directories, none included
 * ({@code **}{@code /TEST-*.xml} also matches {@code TEST-a.xml} at the top). One definition for the language (which
 * refuses a bad glob at its place in the file) and the werker (which matches the workspace's files with it).
 */
public final class ReportGlob {
    public static final int MAX_LENGTH = 500;

    private ReportGlob() {
    }

    /** A glob that does not parse; {@code offset} is where in the glob. */
    public static final class BadGlob extends IllegalArgumentException {
        private final int offset;

        BadGlob(String message, int offset) {
            super(message);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    /** The pattern matching relative paths ({@code a/b/c.xml}, forward slashes) the glob names. */
    public static Pattern compile(String glob) {
        if (glob.isBlank()) {
            throw new BadGlob("the glob is empty", 0);
        }
        if (glob.length() > MAX_LENGTH) {
            throw new BadGlob("the glob is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        if (glob.startsWith("/")) {
            throw new BadGlob("the glob must be relative to the workspace, not start with '/'", 0);
        }
        if (glob.indexOf('\\') >= 0) {
            throw new BadGlob("use '/' between directories, not '\\'", glob.indexOf('\\'));
        }
        int at = 0;
        for (String seg : glob.split("/", -1)) {
            if (seg.equals("..")) {
                throw new BadGlob("'..' would leave the workspace", at);
            }
            if (seg.isEmpty()) {
                throw new BadGlob("empty path segment ('//' or a trailing '/')", at);
            }
            if (seg.contains("**") && !seg.equals("**")) {
                throw new BadGlob("'**' must be a whole path segment, as in 'build/**/TEST-*.xml'", at + seg.indexOf("**"));
            }
            at += seg.length() + 1;
        }
        StringBuilder re = new StringBuilder();
        boolean inBraces = false;
        int braceStart = -1;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i) && (i == 0 || glob.charAt(i - 1) == '/')) {
                re.append("(?:[^/]+/)*");
                i += 2;
                continue;
            }
            if (glob.startsWith("**", i)) { // a last segment "**": everything below
                re.append(".*");
                i += 1;
                continue;
            }
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new BadGlob("'[' is not closed by ']'", i);
                    }
                    String body = glob.substring(i + 1, end);
                    if (body.contains("/")) {
                        throw new BadGlob("'[...]' cannot match '/'", i);
                    }
                    boolean negate = body.startsWith("!");
                    if (negate) {
                        body = body.substring(1);
                    }
                    if (body.isEmpty()) {
                        throw new BadGlob("'[...]' is empty", i);
                    }
                    re.append(negate ? "[^/" : "[");
                    for (char b : body.toCharArray()) {
                        re.append(b == '-' ? "-" : Character.isLetterOrDigit(b) ? String.valueOf(b) : "\\" + b);
                    }
                    re.append(']');
                    i = end;
                }
                case '{' -> {
                    if (inBraces) {
                        throw new BadGlob("'{' inside '{...}' is not supported", i);
                    }
                    inBraces = true;
                    braceStart = i;
                    re.append("(?:");
                }
                case '}' -> {
                    if (!inBraces) {
                        throw new BadGlob("'}' without an opening '{'", i);
                    }
                    inBraces = false;
                    re.append(')');
                }
                case ',' -> re.append(inBraces ? "|" : ",");
                case ']' -> throw new BadGlob("']' without an opening '['", i);
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (inBraces) {
            throw new BadGlob("'{' is not closed by '}'", braceStart);
        }
        return Pattern.compile(re.toString());
    }

    /** The directory part before the first wildcard ("target/surefire-reports/" for "target/surefire-reports/*.xml"). */
    public static String fixedPrefix(String glob) {
        int wild = glob.length();
        for (char c : new char[]{'*', '?', '[', '{'}) {
            int i = glob.indexOf(c);
            if (i >= 0) {
                wild = Math.min(wild, i);
            }
        }
        int slash = glob.lastIndexOf('/', wild - 1);
        return slash < 0 ? "" : glob.substring(0, slash + 1);
    }
}
