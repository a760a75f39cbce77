package io.ocelot.plugin.build;

import io.ocelot.core.build.StageStatus;

/** One stage of a build as stored. */
public record Stage(long buildId, int index, String name, StageStatus status, Integer exitCode, long startedAt,
                    long durationMillis, String message) {
}
