package io.ocelot.plugin.build;

/** Where a build is in the queue. How it ended is a {@link io.ocelot.core.build.BuildResult}. */
public enum BuildState {
    QUEUED, RUNNING, FINISHED
}
