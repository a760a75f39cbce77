package io.ocelot.core.build;

/**
 * A stage's outcome as the werker reports it and the build page shows it. {@code exitCode} is null when the
 * stage never ran a process (skipped, or cancelled before it started). {@code message} says why in words:
 * "exit code 2", "timed out after 10m", "cancelled by alice", "skipped: no trigger matched". {@code tests}: its JUnit results, null when none.
 */
public record StageResult(int index, String name, StageStatus status, Integer exitCode, long durationMillis,
                          String message, TestReport tests) {
    /** A result without test reports ({@code tests} is null when the stage names no reports or never ran). */
    public StageResult(int index, String name, StageStatus status, Integer exitCode, long durationMillis,
                       String message) {
        this(index, name, status, exitCode, durationMillis, message, null);
    }

    public StageResult withTests(TestReport t) {
        return new StageResult(index, name, status, exitCode, durationMillis, message, t);
    }
}
