package io.ocelot.werker.agent;

import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.EngineConfig;
import io.ocelot.werker.engine.Engines;
import io.ocelot.werker.engine.docker.DockerJanitor;

/**
 * The one place that names the real execution engine for {@code ocelot werker start}: everything else in the agent
 * sees only {@link EngineParts}. The janitor's checked {@link BuildError} becomes an unchecked failure here, which
 * the agent counts as a Docker error and logs without stopping (a werker keeps building while its daemon hiccups).
 */
public final class AgentWiring {
    private AgentWiring() {
    }

    public static EngineFactory engine() {
        return s -> {
            EngineConfig config = EngineConfig.of(s.werkerName(), s.buildsDir())
                    .withDockerHost(s.dockerHost())
                    .withGrace(s.grace());
            DockerJanitor janitor = new DockerJanitor(config);
            LeftoverReaper reaper = (name, running) -> {
                try {
                    return janitor.removeLeftovers(name, running);
                } catch (BuildError e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            };
            ImagePruner pruner = unusedFor -> {
                try {
                    janitor.pruneImages(unusedFor);
                } catch (BuildError e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            };
            return new EngineParts(Engines.create(config, s.stageUser(), s.diskFloorBytes()), reaper, pruner);
        };
    }
}
