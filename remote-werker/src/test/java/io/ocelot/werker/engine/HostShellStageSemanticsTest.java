package io.ocelot.werker.engine;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.werker.wiring.Engines;

import java.nio.file.Path;
import java.time.Duration;

/** The stage-semantics contract on the host-shell executor ({@code machineTag} plans). */
public class HostShellStageSemanticsTest extends WorkDirStageSemanticsContract {
    @Override
    protected BuildRunner engineIn(Path workDir, Duration grace) {
        return Engines.create(EngineConfig.of("host-contract", workDir).withGrace(grace));
    }

    @Override
    protected BuildPlan plan(long timeoutSeconds, PlannedStage... stages) {
        return Plans.host(timeoutSeconds, stages);
    }
}
