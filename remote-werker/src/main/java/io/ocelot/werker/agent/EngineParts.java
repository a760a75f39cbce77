package io.ocelot.werker.agent;

import io.ocelot.werker.engine.BuildRunner;

/**
 * What the agent needs from the execution engine: the runner, the janitor's two jobs, and what to do when the werker
 * stops ({@code close}: remove what the engine keeps between builds, its ready container).
 */
public record EngineParts(BuildRunner runner, LeftoverReaper reaper, ImagePruner pruner, Runnable close) {
    public EngineParts(BuildRunner runner, LeftoverReaper reaper, ImagePruner pruner) {
        this(runner, reaper, pruner, () -> { });
    }
}
