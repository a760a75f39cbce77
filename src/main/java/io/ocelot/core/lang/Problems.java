package io.ocelot.core.lang;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the problems of one file while it is read, so a user sees every mistake in one run instead of fixing
 * them one at a time. SnakeYAML marks are 0-based; users (and editors) count from 1, so the conversion lives here
 * and nowhere else. A hostile file could produce an unbounded number of problems; past {@link #MAX} the rest are
 * summarised in one line.
 */
final class Problems {
    static final int MAX = 200;

    private final String file;
    private final List<Problem> list = new ArrayList<>();
    private final Set<Problem> seen = new HashSet<>();
    private int dropped;

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void error(Node node, String message) {
        error(node.getStartMark(), message);
    }

    void error(Mark mark, String message) {
        add(lineOf(mark), columnOf(mark), Problem.Severity.ERROR, message);
    }

    void error(int line, int column, String message) {
        add(line, column, Problem.Severity.ERROR, message);
    }

    void warning(Node node, String message) {
        add(lineOf(node.getStartMark()), columnOf(node.getStartMark()), Problem.Severity.WARNING, message);
    }

    boolean hasErrors() {
        return errorCount() > 0;
    }

    int errorCount() {
        return dropped + (int) list.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
    }

    /** Every problem in file order (line, then column); ties keep the order they were found in. */
    List<Problem> sorted() {
        List<Problem> out = new ArrayList<>(list);
        out.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        if (dropped > 0) {
            Problem last = out.get(out.size() - 1);
            out.add(new Problem(file, last.line(), last.column(), Problem.Severity.ERROR,
                    dropped + " more problems not shown; fix the ones above first"));
        }
        return out;
    }

    private void add(int line, int column, Problem.Severity severity, String message) {
        Problem p = new Problem(file, line, column, severity, oneLine(message));
        if (!seen.add(p)) {
            return; // a map merged into two places, or an alias read twice, is one mistake in the file
        }
        if (list.size() >= MAX) {
            dropped++;
            return;
        }
        list.add(p);
    }

    /** One problem is one line: control characters from YAML messages or user text are shown escaped. */
    private static String oneLine(String message) {
        StringBuilder b = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        b.append(String.format("\\u%04X", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.toString();
    }

    /** "(first at line 6)" — with the column too when both are on one line, where the line alone would not help. */
    static String firstAt(Mark first, Mark second) {
        String at = "first at line " + lineOf(first);
        return "(" + (lineOf(first) == lineOf(second) ? at + ", column " + columnOf(first) : at) + ")";
    }

    static int lineOf(Mark mark) {
        return mark == null ? 1 : mark.getLine() + 1;
    }

    static int columnOf(Mark mark) {
        return mark == null ? 1 : mark.getColumn() + 1;
    }
}
