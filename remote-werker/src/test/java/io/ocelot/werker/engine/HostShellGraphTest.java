package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.werker.wiring.Engines;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ocelot.werker.engine.Plans.host;
import static io.ocelot.werker.engine.Plans.inImage;
import static io.ocelot.werker.engine.Plans.needs;
import static io.ocelot.werker.engine.Plans.stage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Stage graphs on the host shell: stages with nothing pending run as processes at the same time in the one
 * workspace directory, bounded by the werker's parallel-stages setting; a stage's {@code image} means nothing here;
 * a cancel stops every running stage.
 */
public class HostShellGraphTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path workDir;
    private Path project;

    @Before
    public void setUp() throws IOException {
        workDir = tmp.newFolder("work").toPath();
        project = tmp.newFolder("project").toPath();
        Files.writeString(project.resolve("hello.txt"), "hello\n");
    }

    @After
    public void workspaceRemoved() throws IOException {
        try (var s = Files.list(workDir)) {
            assertEquals(List.of(), s.toList());
        }
    }

    private BuildRunner engine(int parallel) {
        return Engines.create(EngineConfig.of("host-graph", workDir).withGrace(Duration.ofSeconds(1))
                .withParallelStages(parallel));
    }

    private BuildRequest local(BuildPlan plan) {
        return new BuildRequest(2, "host-graph", plan, null, null, "main", project, Map.of(), null);
    }

    @Test
    public void independentStagesRunAtOnceInTheSameWorkspaceAndTheirImageIsIgnored() {
        RecordingListener l = new RecordingListener();
        long t0 = System.nanoTime();
        BuildOutcome o = engine(4).run(local(host(0,
                needs(stage("left", "sleep 4", "echo left > left.txt")),
                needs(inImage(stage("right", "sleep 4", "echo right > right.txt"), "no/such-image:ever")),
                needs(stage("both", "cat left.txt right.txt hello.txt"), "left", "right"))), l, new Cancellation());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals(l.everything(), BuildResult.PASSED, o.result());
        assertEquals("left\nright\nhello\n", l.stdout(2));
        assertTrue("two 4 s stages and a quick one took " + took + " ms", took < 7000);
    }

    @Test
    public void noMoreStagesRunAtOnceThanTheWerkerAllows() {
        RecordingListener l = new RecordingListener();
        long t0 = System.nanoTime();
        BuildOutcome o = engine(1).run(local(host(0,
                needs(stage("one", "sleep 2")),
                needs(stage("two", "sleep 2")))), l, new Cancellation());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals(l.everything(), BuildResult.PASSED, o.result());
        assertTrue("one at a time: " + took + " ms", took >= 4000);
        assertEquals(List.of("started 0 one", "finished 0 one PASSED", "started 1 two", "finished 1 two PASSED"),
                l.events);
    }

    @Test
    public void theBuildsTimeLimitStopsTheRunningStagesAndWhatNeedsThemIsNotRun() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = engine(4).run(local(host(2,
                needs(stage("slow", "sleep 30")),
                needs(stage("quick", "echo quick")),
                needs(stage("after", "echo never"), "slow"),
                needs(Plans.always("report", "echo report ran"), "after"))), l, new Cancellation());

        assertEquals(l.everything(), BuildResult.FAILED, o.result());
        assertEquals("timeout after 2s (the build's limit) in stage \"slow\"", o.message());
        assertEquals(List.of(StageStatus.FAILED, StageStatus.PASSED, StageStatus.SKIPPED, StageStatus.PASSED),
                o.stages().stream().map(StageResult::status).toList());
        assertEquals("not run: the build timed out", o.stages().get(2).message());
        assertEquals("report ran\n", l.stdout(3));
    }

    @Test
    public void aCancelStopsEveryRunningStageAndMarksTheRestCancelled() throws Exception {
        RecordingListener l = new RecordingListener();
        Cancellation cancel = new Cancellation();
        CompletableFuture<BuildOutcome> run = CompletableFuture.supplyAsync(() -> engine(4).run(local(host(0,
                needs(stage("a", "echo a-started", "sleep 60")),
                needs(stage("b", "echo b-started", "sleep 60")),
                needs(stage("c", "echo never"), "a", "b"))), l, cancel));
        l.awaitStdout(0, s -> s.contains("a-started"), 20_000);
        l.awaitStdout(1, s -> s.contains("b-started"), 20_000);
        cancel.cancel("stop it");
        BuildOutcome o = run.get(30, TimeUnit.SECONDS);

        assertEquals(BuildResult.CANCELLED, o.result());
        assertEquals(List.of(StageStatus.CANCELLED, StageStatus.CANCELLED, StageStatus.CANCELLED),
                o.stages().stream().map(StageResult::status).toList());
        assertEquals("cancelled before it started", o.stages().get(2).message());
        assertEquals("", l.stdout(2));
    }
}
