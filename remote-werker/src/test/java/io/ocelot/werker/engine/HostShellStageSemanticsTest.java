package io.ocelot.werker.engine;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.werker.wiring.Engines;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.Assert.assertEquals;

/** The stage-semantics contract on the host-shell executor ({@code machineTag} plans). */
public class HostShellStageSemanticsTest extends StageSemanticsContract {
    private static final Duration GRACE = Duration.ofSeconds(1);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path workDir;
    private Path project;
    private BuildRunner engine;

    @Before
    public void setUp() throws IOException {
        workDir = tmp.newFolder("work").toPath();
        project = tmp.newFolder("project").toPath();
        engine = Engines.create(EngineConfig.of("host-contract", workDir).withGrace(GRACE));
    }

    @After
    public void workspaceRemoved() throws IOException {
        try (var s = Files.list(workDir)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Override
    protected BuildRunner engine() {
        return engine;
    }

    @Override
    protected BuildPlan plan(long timeoutSeconds, PlannedStage... stages) {
        return Plans.host(timeoutSeconds, stages);
    }

    @Override
    protected Path project() {
        return project;
    }

    @Override
    protected Duration grace() {
        return GRACE;
    }
}
