package io.ocelot.werker.agent;

import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.EngineConfig;
import io.ocelot.werker.engine.cache.CacheStore;
import io.ocelot.werker.wiring.Engines;
import io.ocelot.werker.engine.WorkspaceSweeper;
import io.ocelot.werker.engine.docker.DockerJanitor;
import io.ocelot.werker.engine.docker.ImageLedger;
import io.ocelot.werker.engine.docker.ReadyContainers;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one place that names the real execution engine for {@code ocelot werker start}: everything else in the agent
 * sees only {@link EngineParts}. The janitor's checked {@link BuildError} becomes an unchecked failure here, which
 * the agent counts as a Docker error and logs without stopping (a werker keeps building while its daemon hiccups).
 */
public final class AgentWiring {
    /** A workspace this young may belong to a build that is starting right now: the janitor leaves it. */
    static final Duration YOUNG_WORKSPACE = Duration.ofMinutes(2);

    private AgentWiring() {
    }

    public static EngineFactory engine() {
        return s -> {
            EngineConfig config = EngineConfig.of(s.werkerName(), s.buildsDir())
                    .withDockerHost(s.dockerHost())
                    .withGrace(s.grace())
                    .withLimits(s.buildLimits())
                    .withImageLedger(s.imageLedger())
                    .withParallelStages(s.parallelStages());
            DockerJanitor janitor = new DockerJanitor(config);
            ReadyContainers ready = s.readyContainer() ? new ReadyContainers(config) : null;
            AtomicBoolean firstRun = new AtomicBoolean(true);
            LeftoverReaper reaper = (name, running) -> {
                // the first run is at start-up, before any build: every workspace there is a crashed build's
                Set<Long> found = new TreeSet<>(WorkspaceSweeper.sweep(s.buildsDir(), running,
                        firstRun.getAndSet(false) ? Duration.ZERO : YOUNG_WORKSPACE));
                try {
                    found.addAll(janitor.removeLeftovers(name, running,
                            ready == null ? java.util.Set.of() : ready.inUse()));
                } catch (BuildError e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                return found;
            };
            ImagePruner pruner = unusedFor -> {
                if (s.imageLedger() == null) {
                    return;
                }
                try {
                    janitor.pruneImages(new ImageLedger(s.imageLedger()), unusedFor, s.imageBudgetBytes());
                } catch (BuildError e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            };
            CacheStore caches = s.cacheDir() == null ? null : new CacheStore(s.cacheDir(), s.cacheMaxBytes());
            return new EngineParts(Engines.create(config, s.stageUser(), s.diskFloorBytes(), caches, ready), reaper,
                    pruner, ready == null ? () -> { } : ready::close);
        };
    }
}
