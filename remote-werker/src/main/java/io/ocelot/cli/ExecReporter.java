package io.ocelot.cli;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageMarker;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.build.TestFailure;
import io.ocelot.core.build.TestReport;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.werker.engine.BuildListener;
import io.ocelot.werker.engine.BuildOutcome;
import io.ocelot.werker.engine.HumanDuration;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code ocelot exec} prints: a header per stage, the stage's output live (stdout to stdout, stderr to stderr,
 * so redirections separate them; on a colour terminal stderr is red), Ocelot's own lines dimmed, a line per finished
 * stage and a summary table. Colours only when asked or on a terminal.
 */
final class ExecReporter implements BuildListener {
    private static final String RESET = "\u001b[0m", BOLD = "\u001b[1m", DIM = "\u001b[2m", RED = "\u001b[31m",
            GREEN = "\u001b[32m", YELLOW = "\u001b[33m", CYAN = "\u001b[36m";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;
    private final int stageCount;
    private final Map<Integer, String> names = new HashMap<>();
    /** The stage whose output was printed last: stages of a graph run at once, and their lines interleave. */
    private int lastShown = Integer.MIN_VALUE;

    ExecReporter(PrintStream out, PrintStream err, boolean color, int stageCount) {
        this.out = out;
        this.err = err;
        this.color = color;
        this.stageCount = stageCount;
    }

    private String c(String code, String text) {
        return color ? code + text + RESET : text;
    }

    void header(String file, String branch, String commit, String where) {
        out.println(c(BOLD, "ocelot exec " + file) + c(DIM, "  branch " + branch + ", commit "
                + commit.substring(0, Math.min(12, commit.length())) + ", " + where));
        out.flush();
    }

    void interrupted(Duration grace) {
        err.println();
        err.println(c(YELLOW, "ocelot: interrupted: cancelling (running stage gets SIGTERM, SIGKILL after "
                + HumanDuration.format(grace) + "; always stages still run)"));
        err.flush();
    }

    @Override
    public synchronized void stageStarted(int index, String name) {
        names.put(index, name);
        lastShown = index;
        out.println(c(BOLD + CYAN, "━━ stage " + (index + 1) + "/" + stageCount + ": " + name + " ━━"));
        out.flush();
    }

    @Override
    public synchronized void log(int index, LogStream stream, byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        boolean nothingToShow = text.isEmpty() || (stream == LogStream.SYSTEM && StageMarker.strip(text).isEmpty());
        if (!nothingToShow && index >= 0 && index != lastShown && names.containsKey(index)) {
            // another stage of a graph had the terminal meanwhile: say whose lines follow
            out.println(c(DIM, "┄ " + names.get(index)));
        }
        if (index >= 0 && !nothingToShow) {
            lastShown = index;
        }
        switch (stream) {
            case STDOUT -> {
                out.print(text);
                out.flush();
            }
            case STDERR -> {
                out.flush();
                err.print(c(RED, text));
                err.flush();
            }
            case SYSTEM -> {
                // the stored log's stage markers: this reporter prints its own stage lines
                String own = StageMarker.strip(text);
                if (!own.isEmpty()) {
                    out.print(c(DIM, own));
                }
                out.flush();
            }
        }
    }

    @Override
    public synchronized void stageFinished(StageResult r) {
        String line = switch (r.status()) {
            case PASSED -> c(GREEN, "✔ " + r.name() + " passed") + c(DIM, " (" + took(r) + ")");
            case FAILED -> c(RED + BOLD, "✘ " + r.name() + " failed: " + r.message()) + c(DIM, " (" + took(r) + ")");
            case CANCELLED -> c(YELLOW, "■ " + r.name() + " " + r.message());
            default -> c(DIM, "– " + r.name() + " " + r.message());
        };
        out.println(line);
        out.flush();
    }

    /**
     * What the clean-up after the outcome says (a container Docker would not remove): no log holds it any more, so
     * it goes to stderr, where an operator sees it.
     */
    @Override
    public synchronized void afterFinish(String line) {
        out.flush();
        err.println(c(YELLOW, "ocelot: " + line));
        err.flush();
    }

    /** The build's test results: the counts of every stage that read reports, then each failing test by name. */
    private void tests(BuildOutcome o) {
        TestReport all = null;
        for (StageResult r : o.stages()) {
            if (r.tests() != null) {
                all = all == null ? r.tests() : all.plus(r.tests());
            }
        }
        if (all == null) {
            return;
        }
        out.println(c(all.failed() > 0 ? RED + BOLD : GREEN, "tests: " + all.summary()));
        for (TestFailure f : all.failures()) {
            out.println(c(RED, "  ✘ " + f.suite() + " > " + f.test()) + c(DIM, ": " + oneLine(f.message())
                    + (f.file() == null ? "" : " (" + f.file() + ":" + f.line() + ")")));
        }
        if (all.failed() > all.failures().size()) {
            out.println(c(DIM, "  ... and " + (all.failed() - all.failures().size()) + " more"));
        }
    }

    private static String oneLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return s == null ? "" : nl < 0 ? s : s.substring(0, nl);
    }

    void summary(BuildOutcome o) {
        int w = "stage".length();
        for (StageResult r : o.stages()) {
            w = Math.max(w, r.name().length());
        }
        out.println();
        out.println(c(BOLD, String.format("%-" + w + "s  %-9s  %4s  %8s", "stage", "result", "exit", "time")));
        for (StageResult r : o.stages()) {
            String status = String.format("%-9s", r.status());
            out.println(String.format("%-" + w + "s  ", r.name()) + c(colorOf(r.status()), status)
                    + String.format("  %4s  %8s", r.exitCode() == null ? "-" : r.exitCode().toString(),
                    r.status() == StageStatus.SKIPPED || (r.exitCode() == null && r.durationMillis() == 0) ? "-" : took(r)));
        }
        tests(o);
        String verdict = "build " + o.result() + (o.result() == BuildResult.PASSED ? "" : ": " + o.message());
        out.println(c(BOLD + colorOf(o.result()), verdict));
        out.flush();
    }

    private static String took(StageResult r) {
        return HumanDuration.format(Duration.ofMillis(r.durationMillis()));
    }

    private static String colorOf(StageStatus s) {
        return switch (s) {
            case PASSED -> GREEN;
            case FAILED -> RED;
            case CANCELLED -> YELLOW;
            default -> DIM;
        };
    }

    private static String colorOf(BuildResult r) {
        return switch (r) {
            case PASSED -> GREEN;
            case FAILED, ERRORED -> RED;
            case CANCELLED -> YELLOW;
        };
    }
}
