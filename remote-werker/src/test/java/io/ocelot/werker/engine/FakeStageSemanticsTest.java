package io.ocelot.werker.engine;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.werker.workspace.Workspaces;

import java.nio.file.Path;
import java.time.Duration;

/** The stage-semantics contract on the {@link FakeExecutor}: the engine's own rules, without processes. */
public class FakeStageSemanticsTest extends WorkDirStageSemanticsContract {
    @Override
    protected BuildRunner engineIn(Path workDir, Duration grace) {
        FakeExecutor fake = new FakeExecutor();
        return new BuildEngine(EngineConfig.of("fake", workDir).withGrace(grace), plan -> fake,
                new Workspaces(workDir.resolve("known_hosts")));
    }

    @Override
    protected BuildPlan plan(long timeoutSeconds, PlannedStage... stages) {
        return Plans.docker(Plans.IMAGE, timeoutSeconds, stages);
    }
}
