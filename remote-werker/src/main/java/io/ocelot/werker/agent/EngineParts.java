package io.ocelot.werker.agent;

import io.ocelot.werker.engine.BuildRunner;

/** What the agent needs from the execution engine: the runner, and the janitor's two jobs. */
public record EngineParts(BuildRunner runner, LeftoverReaper reaper, ImagePruner pruner) {
}
