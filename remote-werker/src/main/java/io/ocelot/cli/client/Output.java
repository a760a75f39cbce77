package io.ocelot.cli.client;

import io.ocelot.core.Json;
import io.ocelot.core.api.ApiBuildState;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the user commands print: aligned tables and coloured states on a terminal, the same tables without colour
 * when piped (or with {@code --color=never} / {@code NO_COLOR}), and JSON with {@code --json}.
 */
public final class Output {
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[@-~]|\u001b\\][^\u0007\u001b]*(?:\u0007|\u001b\\\\)");
    private final PrintWriter out;
    private final boolean color;
    private final boolean json;
    private final boolean terminal;
    private String progress; // the progress line now shown (terminal) or last printed (plain)

    public Output(PrintWriter out, boolean color, boolean json) {
        this(out, color, json, false);
    }

    /** {@code terminal}: stdout is a terminal, so a progress line can be redrawn in place. */
    public Output(PrintWriter out, boolean color, boolean json, boolean terminal) {
        this.out = out;
        this.color = color;
        this.json = json;
        this.terminal = terminal;
    }

    public boolean terminal() {
        return terminal;
    }

    /**
     * Shows how a running build is doing. On a terminal: one line redrawn in place (erased again by
     * {@link #endProgress} or by the next log text). Elsewhere: a plain line, and only when it says something new,
     * so a log file does not fill with repeats ({@code plain} is the part that must change for a new line).
     */
    public void progress(String line, String plain) {
        if (terminal) {
            out.print("\r\u001b[K" + line);
            progress = line;
        } else if (!plain.equals(progress)) {
            out.println(plain);
            progress = plain;
        }
        out.flush();
    }

    /** Erases the redrawn progress line (terminal only), so what follows starts on a clean line. */
    public void endProgress() {
        if (terminal && progress != null) {
            out.print("\r\u001b[K");
            out.flush();
            progress = null;
        }
    }

    public boolean json() {
        return json;
    }

    public boolean color() {
        return color;
    }

    public void printJson(Object value) {
        out.println(Json.writePretty(value));
        out.flush();
    }

    public void line(String s) {
        out.println(s);
        out.flush();
    }

    /** Raw text (a log): kept as is on a terminal, escape sequences removed when not colouring. */
    public void raw(String s) {
        endProgress();
        out.print(color ? s : stripAnsi(s));
        out.flush();
    }

    public static String stripAnsi(String s) {
        return ANSI.matcher(s).replaceAll("");
    }

    public String state(ApiBuildState state) {
        String name = state.name();
        if (!color) {
            return name;
        }
        String code = switch (state) {
            case PASSED -> "32";
            case FAILED, ERRORED -> "31";
            case RUNNING -> "34";
            case QUEUED -> "33";
            case CANCELLED -> "90";
        };
        return "\u001b[" + code + "m" + name + "\u001b[0m";
    }

    public String bold(String s) {
        return color ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    /** Prints rows under a header, columns padded to their widest cell (measured without colour codes). */
    public void table(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], stripAnsi(row.get(i)).length());
            }
        }
        for (int r = 0; r < all.size(); r++) {
            List<String> row = all.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = r == 0 ? bold(row.get(i)) : row.get(i);
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(width[i] - stripAnsi(row.get(i)).length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    public static String duration(Long millis) {
        if (millis == null) {
            return "-";
        }
        long s = millis / 1000;
        return s < 60 ? s + "s" : s < 3600 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
