package io.ocelot.core.api;

import io.ocelot.core.build.StageStatus;

/**
 * A stage on the build page. {@code exitCode} null when no process ran; {@code durationMillis} null before it started;
 * {@code message} is the werker's word on it ("exit code 2", "timed out after 10m", "skipped: no trigger matched").
 */
public record StageView(int index, String name, StageStatus status, Integer exitCode, Long durationMillis,
                        String message) {
}
