package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.werker.wiring.Engines;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ocelot.werker.engine.Plans.always;
import static io.ocelot.werker.engine.Plans.docker;
import static io.ocelot.werker.engine.Plans.stage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Someone on the build host meddles with a running build's container (kill, pause), or a plan is larger than one
 * exec argument can carry: the build still ends the way its file says, with a message that says what happened.
 */
public class HostileContainerTest {
    @Rule
    public DockerWerkerRig docker = new DockerWerkerRig("hostile");

    private String werker;
    private Path workDir;
    private Path project;
    private BuildRunner engine;

    @Before
    public void setUp() throws IOException {
        werker = docker.name();
        workDir = docker.workDir();
        project = docker.project();
        Files.writeString(project.resolve("hello.txt"), "hello\n");
        engine = Engines.create(EngineConfig.of(werker, workDir).withGrace(Duration.ofSeconds(2)));
    }

    private BuildRequest local(BuildPlan plan) {
        return new BuildRequest(9, werker, plan, null, null, "main", project, Map.of(), null);
    }

    private String theContainer() {
        List<String> ids = DockerFixture.containersLabelled("ocelot.werker=" + werker);
        assertEquals(ids.toString(), 1, ids.size());
        return ids.get(0);
    }

    @Test
    public void aKilledContainerFailsTheStageSayingSoAndTheAlwaysStageStillRuns() throws Exception {
        RecordingListener l = new RecordingListener();
        CompletableFuture<BuildOutcome> run = CompletableFuture.supplyAsync(() -> engine.run(local(docker(
                stage("long", "echo started", "sleep 60"),
                stage("next", "echo never"),
                always("report", "cat /workspace/hello.txt", "echo report ran"))), l, new Cancellation()));
        l.awaitStdout(0, s -> s.contains("started"), 30_000);
        DockerFixture.runOk("docker", "kill", theContainer());
        BuildOutcome o = run.get(60, TimeUnit.SECONDS);

        assertEquals(o.toString(), BuildResult.FAILED, o.result());
        assertEquals(StageStatus.FAILED, o.stages().get(0).status());
        assertTrue(o.stages().get(0).message(),
                o.stages().get(0).message().contains("the build container stopped while the stage ran"));
        assertTrue(o.message(), o.message().startsWith("stage \"long\" failed with exit code 137: the build "
                + "container stopped while the stage ran"));
        assertEquals("an earlier stage failed", o.stages().get(1).message());
        assertEquals(o.stages().get(2).toString(), StageStatus.PASSED, o.stages().get(2).status());
        assertEquals("a fresh container has the workspace", "hello\nreport ran\n", l.stdout(2));
    }

    @Test
    public void aPausedContainerIsUnpausedSoAFiveSecondStageTakesAboutFiveSeconds() throws Exception {
        RecordingListener l = new RecordingListener();
        long t0 = System.nanoTime();
        CompletableFuture<BuildOutcome> run = CompletableFuture.supplyAsync(() -> engine.run(local(docker(
                stage("five", "echo started", "sleep 5", "echo done"))), l, new Cancellation()));
        l.awaitStdout(0, s -> s.contains("started"), 30_000);
        DockerFixture.runOk("docker", "pause", theContainer());
        BuildOutcome o = run.get(60, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals(o.toString(), BuildResult.PASSED, o.result());
        assertTrue(l.system(0), l.system(0).contains("the build container was paused outside Ocelot; unpaused it"));
        assertTrue("the build took " + millis + " ms", millis < 15_000);
    }

    @Test
    public void aScriptLargerThanOneExecArgumentRunsFromAFile() {
        // 4 000 lines of ~60 bytes: ~240 KB, more than the 128 KiB one argument of execve may hold
        String[] lines = new String[4001];
        for (int i = 0; i < 4000; i++) {
            lines[i] = "X=$((${X:-0} + 1)) # padding padding padding padding padding pad " + i;
        }
        lines[4000] = "echo \"ran $X lines in $PWD\"";
        RecordingListener l = new RecordingListener();
        BuildOutcome o = engine.run(local(docker(stage("huge", lines), stage("errexit", "false", "echo never"))),
                l, new Cancellation());

        assertEquals(StageStatus.PASSED, o.stages().get(0).status());
        assertEquals("ran 4000 lines in /workspace\n", l.stdout(0));
        assertEquals("errexit still ends a stage", Integer.valueOf(1), o.stages().get(1).exitCode());
    }
}
