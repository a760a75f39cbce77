package io.ocelot.core.build;

import java.util.List;

/**
 * The JUnit test results of one stage, read by the werker from the files the stage's {@code reports.junit} globs
 * matched. {@code failures} holds failed and errored tests (at most {@link #MAX_FAILURES}; {@code failed} counts them
 * all). {@code warnings}: files that could not be read (malformed, too large, too many), said in words.
 */
public record TestReport(int passed, int failed, int skipped, List<TestFailure> failures, List<String> warnings) {
    /** Failures carried per stage: enough to act on, bounded so a broken suite cannot flood the plugin. */
    public static final int MAX_FAILURES = 100;

    public TestReport {
        failures = failures == null ? List.of() : List.copyOf(failures);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public int total() {
        return passed + failed + skipped;
    }

    /** "3 passed, 1 failed, 0 skipped": the one wording of the counts (log, exec, build page, status). */
    public String summary() {
        return passed + " passed, " + failed + " failed, " + skipped + " skipped";
    }

    /** This report and {@code other} as one (several stages of a build). */
    public TestReport plus(TestReport other) {
        if (other == null) {
            return this;
        }
        List<TestFailure> f = new java.util.ArrayList<>(failures);
        other.failures.stream().limit(Math.max(0, MAX_FAILURES - f.size())).forEach(f::add);
        List<String> w = new java.util.ArrayList<>(warnings);
        w.addAll(other.warnings);
        return new TestReport(passed + other.passed, failed + other.failed, skipped + other.skipped, f, w);
    }
}
