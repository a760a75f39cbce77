package io.ocelot.core.api;

import io.ocelot.core.build.BuildResult;

/** Where a build is, as users see it: waiting, running, or one of the {@link BuildResult}s. */
public enum ApiBuildState {
    QUEUED, RUNNING, PASSED, FAILED, CANCELLED, ERRORED;

    public boolean isFinished() {
        return this != QUEUED && this != RUNNING;
    }

    public static ApiBuildState of(BuildResult result) {
        return valueOf(result.name());
    }
}
