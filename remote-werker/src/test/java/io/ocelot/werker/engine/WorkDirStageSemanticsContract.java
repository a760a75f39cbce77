package io.ocelot.werker.engine;

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

/**
 * The stage-semantics contract for an engine that works in a temporary folder of its own (the fake and the host-shell
 * executors): the folder, the project, and the check that every build left its workspace removed.
 */
public abstract class WorkDirStageSemanticsContract extends StageSemanticsContract {
    private static final Duration GRACE = Duration.ofSeconds(1);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path workDir;
    private Path project;
    private BuildRunner engine;

    /** The engine under test, working in {@code workDir} with {@code grace}. */
    protected abstract BuildRunner engineIn(Path workDir, Duration grace);

    @Before
    public void setUp() throws IOException {
        workDir = tmp.newFolder("work").toPath();
        project = tmp.newFolder("project").toPath();
        engine = engineIn(workDir, GRACE);
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
    protected Path project() {
        return project;
    }

    @Override
    protected Duration grace() {
        return GRACE;
    }
}
