package io.ocelot.plugin.trigger;

import io.ocelot.core.plan.BuildEvent;

/** Reads an ocelot.yml and plans it for an event. {@link CoreBuildPlanner} is the real one. */
public interface BuildPlanner {
    PlanOutcome plan(String fileName, byte[] content, BuildEvent event);
}
