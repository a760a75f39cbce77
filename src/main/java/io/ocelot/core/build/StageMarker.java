package io.ocelot.core.build;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines that mark where a stage starts and ends in a stored build log, like a CI section marker but plain text:
 * readable as they are in a downloaded log, and found by a program with {@link #parse}. Written by the werker (as
 * SYSTEM lines of the stage they mark), read by {@code ocelot logs --stage}, {@code ocelot show} and the build page.
 *
 * <pre>
 * --- ocelot stage 2/3 "test" started
 * --- ocelot stage 2/3 "test" FAILED in 4.2s, exit code 1
 * --- ocelot stage 3/3 "deploy" FAILED in 10m00s, exit code 143 (timed out after 10m)
 * </pre>
 *
 * A marker is always one whole line: the werker starts it on a new line when the stage's output did not end with a
 * newline. {@code n/m} counts stages from 1 (the stage index is n - 1); the name is quoted with {@code "} and
 * {@code \} escaped by a backslash; the end line has the stage's result, its running time, the exit code when a
 * process ran and the werker's message when it says more than the exit code.
 */
public final class StageMarker {
    /** Every marker line starts with this (Buildkite-style "---", then "ocelot stage"). */
    public static final String PREFIX = "--- ocelot stage ";
    private static final Pattern LINE = Pattern.compile(Pattern.quote(PREFIX)
            + "(\\d+)/(\\d+) \"((?:[^\"\\\\]|\\\\.)*)\" (started|[A-Z]+)(.*)");

    /** A marker read back. {@code status} is null for a start line. */
    public record Parsed(int index, int stageCount, String name, StageStatus status, String detail) {
        public boolean isStart() {
            return status == null;
        }
    }

    private StageMarker() {
    }

    /** The start line of stage {@code index} (0-based) of {@code stageCount}, with its newline. */
    public static String start(int index, int stageCount, String name) {
        return PREFIX + (index + 1) + "/" + stageCount + " " + quote(name) + " started\n";
    }

    /** The end line of a stage that ran, with its newline. */
    public static String end(StageResult r, int stageCount) {
        StringBuilder b = new StringBuilder(PREFIX).append(r.index() + 1).append('/').append(stageCount).append(' ')
                .append(quote(r.name())).append(' ').append(r.status().name())
                .append(" in ").append(duration(r.durationMillis()));
        String exit = r.exitCode() == null ? null : "exit code " + r.exitCode();
        if (exit != null) {
            b.append(", ").append(exit);
        }
        String message = r.message() == null ? "" : r.message().replace('\n', ' ').trim();
        if (!message.isEmpty() && !message.equals(exit)) {
            b.append(" (").append(message).append(')');
        }
        return b.append('\n').toString();
    }

    /** The marker on this line (without or with its newline), or empty when it is not one. */
    public static Optional<Parsed> parse(String line) {
        String l = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        Matcher m = LINE.matcher(l);
        if (!m.matches()) {
            return Optional.empty();
        }
        StageStatus status = null;
        if (!m.group(4).equals("started")) {
            try {
                status = StageStatus.valueOf(m.group(4));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String name = m.group(3).replaceAll("\\\\(.)", "$1");
        return Optional.of(new Parsed(Integer.parseInt(m.group(1)) - 1, Integer.parseInt(m.group(2)), name, status,
                m.group(5).trim()));
    }

    public static boolean isMarker(String line) {
        return parse(line).isPresent();
    }

    /** {@code text} without its marker lines (a test or a tool that wants only what the stages printed). */
    public static String strip(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl + 1;
            String line = text.substring(from, end);
            if (!isMarker(line)) {
                out.append(line);
            }
            from = end;
        }
        return out.toString();
    }

    private static String quote(String name) {
        return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"").replace('\n', ' ') + '"';
    }

    /** 850ms, 4.2s, 2m05s, 1h02m: short enough for one line, exact enough for a stage. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long s = millis / 1000;
        return s < 3600 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
