package io.ocelot.werker.wiring;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.werker.engine.BuildEngine;
import io.ocelot.werker.engine.BuildRunner;
import io.ocelot.werker.engine.EngineConfig;
import io.ocelot.werker.engine.Executor;
import io.ocelot.werker.engine.cache.CacheStore;
import io.ocelot.werker.engine.docker.DockerExecutor;
import io.ocelot.werker.engine.docker.ReadyContainers;
import io.ocelot.werker.engine.shell.HostShellExecutor;
import io.ocelot.werker.engine.shell.StageUser;
import io.ocelot.werker.workspace.GitCheckout;
import io.ocelot.werker.workspace.Workspaces;

/**
 * Builds the engine a werker or {@code ocelot exec} runs: a plan with an image runs in Docker, a plan with only a
 * machineTag on the host shell. The wiring lives outside the engine's package so that the engine knows its steps
 * (executors, workspace) only through its ports and imports run one way.
 */
public final class Engines {
    private Engines() {
    }

    public static BuildRunner create(EngineConfig config) {
        return create(config, null, 0);
    }

    /**
     * {@code stageUser}: who host-shell stages run as (null: the werker's own user); {@code diskFullBelowBytes}: see
     * {@link BuildEngine#BuildEngine(EngineConfig, java.util.function.Function, io.ocelot.werker.engine.WorkspaceStep, long)}.
     */
    public static BuildRunner create(EngineConfig config, StageUser stageUser, long diskFullBelowBytes) {
        return create(config, stageUser, diskFullBelowBytes, null);
    }

    /** {@code caches}: where the builds' caches are kept (null: none). */
    public static BuildRunner create(EngineConfig config, StageUser stageUser, long diskFullBelowBytes,
                                     CacheStore caches) {
        return create(config, stageUser, diskFullBelowBytes, caches, null);
    }

    /** {@code ready}: where Docker builds find their container made ready after the previous build (null: none). */
    public static BuildRunner create(EngineConfig config, StageUser stageUser, long diskFullBelowBytes,
                                     CacheStore caches, ReadyContainers ready) {
        DockerExecutor docker = new DockerExecutor(config, ready);
        HostShellExecutor shell = new HostShellExecutor(stageUser);
        return new BuildEngine(config, plan -> choose(plan, docker, shell),
                new Workspaces(config.workDir().resolve(GitCheckout.KNOWN_HOSTS_FILE)), diskFullBelowBytes)
                .withCaches(caches);
    }

    static Executor choose(BuildPlan plan, Executor docker, Executor shell) {
        if (plan.image() != null && !plan.image().isBlank()) {
            return docker;
        }
        if (plan.machineTag() != null && !plan.machineTag().isBlank()) {
            return shell;
        }
        return null;
    }
}
