package io.ocelot.core.build;

/**
 * A stage's outcome as the werker reports it and the build page shows it. {@code exitCode} is null when the
 * stage never ran a process (skipped, or cancelled before it started). {@code message} says why in words:
 * "exit code 2", "timed out after 10m", "cancelled by alice", "skipped: no trigger matched".
 */
public record StageResult(int index, String name, StageStatus status, Integer exitCode, long durationMillis,
                          String message) {
}
