package io.ocelot.werker.engine.files;

import io.ocelot.core.plan.PlannedStage;
import io.ocelot.werker.engine.BuildRequest;
import io.ocelot.werker.engine.Executor;
import io.ocelot.werker.engine.cache.BuildCaches;
import io.ocelot.werker.engine.cache.CacheStore;

import java.util.function.Consumer;

/**
 * The build loop's three calls for files between stages, through the session's {@link WorkspaceFiles}: caches
 * restored before the first stage, a stage's artifacts after it ran (passed or failed: a failed stage's output is
 * often what a user needs most), caches saved after a successful build. Never throws: files are information around
 * the build, not its result.
 */
public final class BuildFiles {
    private final BuildCaches caches;
    private final StageArtifacts artifacts;
    private final Consumer<String> system;

    /** {@code store}: null when this werker keeps no caches. */
    public BuildFiles(CacheStore store, BuildRequest request, Consumer<String> system) {
        this.caches = new BuildCaches(store, request.repository(), request.plan().caches(), system);
        this.artifacts = new StageArtifacts(request.artifacts());
        this.system = system;
    }

    public void beforeStages(Executor.Session session) {
        if (session != null) {
            guarded(() -> caches.restore(session.workspaceFiles()), system);
        }
    }

    public void afterStage(int index, PlannedStage stage, Executor.Session session, Consumer<String> stageLog) {
        if (session != null) {
            guarded(() -> artifacts.collect(index, stage, session.workspaceFiles(), stageLog), stageLog);
        }
    }

    public void afterPassedBuild(Executor.Session session) {
        if (session != null) {
            guarded(() -> caches.save(session.workspaceFiles()), system);
        }
    }

    private static void guarded(Runnable step, Consumer<String> log) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.accept("warning: " + e);
        }
    }
}
