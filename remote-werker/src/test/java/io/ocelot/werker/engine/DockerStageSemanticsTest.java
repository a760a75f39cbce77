package io.ocelot.werker.engine;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.werker.wiring.Engines;
import org.junit.Before;
import org.junit.Rule;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The stage-semantics contract on the real Docker engine (one container per build); the rig checks after each
 * case that no container and no workspace is left.
 */
public class DockerStageSemanticsTest extends StageSemanticsContract {
    private static final Duration GRACE = Duration.ofSeconds(2);

    @Rule
    public DockerWerkerRig docker = new DockerWerkerRig("contract");

    private BuildRunner engine;

    @Before
    public void setUp() {
        engine = Engines.create(EngineConfig.of(docker.name(), docker.workDir()).withGrace(GRACE));
    }

    @Override
    protected BuildRunner engine() {
        return engine;
    }

    @Override
    protected BuildPlan plan(long timeoutSeconds, PlannedStage... stages) {
        return Plans.docker(Plans.IMAGE, timeoutSeconds, stages);
    }

    @Override
    protected Path project() {
        return docker.project();
    }

    @Override
    protected Duration grace() {
        return GRACE;
    }
}
