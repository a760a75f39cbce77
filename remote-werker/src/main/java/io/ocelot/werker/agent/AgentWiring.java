package io.ocelot.werker.agent;

/**
 * The one place that names the real execution engine for {@code ocelot werker start}: everything else in the agent
 * sees only {@link EngineParts}. The Docker / host-shell engine is built in its own package; this branch does not
 * contain it, so until the two are joined here the command refuses to start with a clear message (exit 3) instead of
 * pretending to run builds. Joining them is one expression: the engine's runner, and its janitor's
 * {@code removeLeftovers} / {@code pruneImages} as {@link LeftoverReaper} / {@link ImagePruner}.
 */
public final class AgentWiring {
    private AgentWiring() {
    }

    public static EngineFactory engine() {
        return settings -> {
            throw new IllegalStateException("this build of ocelot has no execution engine wired into `werker start`");
        };
    }
}
