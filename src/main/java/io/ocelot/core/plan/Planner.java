package io.ocelot.core.plan;

import io.ocelot.core.lang.PipelineFile;

/** PLACEHOLDER signature: decides build-or-not for an event and produces the plan. */
public final class Planner {
    public Decision plan(PipelineFile file, BuildEvent event) {
        throw new UnsupportedOperationException("not yet");
    }
}
