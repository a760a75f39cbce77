package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.plan.ResourceLimits;
import io.ocelot.werker.engine.docker.DockerExecutor;
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

import static io.ocelot.werker.engine.Plans.always;
import static io.ocelot.werker.engine.Plans.stage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** A build is held to the werker's limits (or the lower ones its file asks for), and is told which one it hit. */
public class DockerLimitsTest {
    @Rule
    public DockerWerkerRig docker = new DockerWerkerRig("limits");

    private String werker;
    private Path workDir;
    private Path project;

    @Before
    public void setUp() throws IOException {
        werker = docker.name();
        workDir = docker.workDir();
        project = docker.project();
        Files.writeString(project.resolve("hello.txt"), "hello\n");
    }

    private BuildOutcome run(ResourceLimits werkerLimits, ResourceLimits fileLimits, RecordingListener l,
                             PlannedStage... stages) {
        BuildRunner engine = Engines.create(EngineConfig.of(werker, workDir).withGrace(Duration.ofSeconds(1))
                .withLimits(werkerLimits));
        BuildPlan plan = new BuildPlan(BuildPlan.VERSION, "default", Plans.IMAGE, null, 0,
                BuildPlan.CONTAINER_WORKSPACE, List.of(stages), null, fileLimits);
        return engine.run(new BuildRequest(11, werker, plan, null, null, "main", project, Map.of(), null), l,
                new Cancellation());
    }

    @Test
    public void theLimitsAreTheContainersAndTheFileCanOnlyLowerThem() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run(new ResourceLimits(256L << 20, 1.0, 200L, null),
                new ResourceLimits(64L << 20, 4.0, null, null), l,
                stage("look", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes",
                        "cat /sys/fs/cgroup/pids/pids.max", "cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us"));
        assertEquals(o.toString(), BuildResult.PASSED, o.result());
        assertEquals("memory from the file, PIDs and CPUs from the werker (the file's 4 CPUs are more)",
                (64L << 20) + "\n200\n100000\n", l.stdout(0));
        assertTrue(l.everything(), l.everything().contains("$ limits: memory 64.0 MiB, 1 CPU, 200 processes"));
    }

    @Test
    public void aStageKilledForWantOfMemorySaysSo() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run(new ResourceLimits(32L << 20, null, null, null), null, l,
                stage("hog", "x=aaaaaaaaaaaaaaaa; while :; do x=\"$x$x\"; done"),
                always("after", "echo still here"));
        assertEquals(o.toString(), BuildResult.FAILED, o.result());
        assertEquals(Integer.valueOf(137), o.stages().get(0).exitCode());
        assertTrue(o.stages().get(0).message(), o.stages().get(0).message().startsWith("exit code 137: out of memory:"
                + " the kernel killed a process of the stage because the build reached its memory limit of 32.0 MiB"));
        assertTrue(o.message(), o.message().contains("out of memory"));
        assertEquals("still here\n", l.stdout(1));
    }

    @Test
    public void aForkBombHitsThePidsLimitAndSaysSo() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run(new ResourceLimits(null, null, 40L, null), null, l,
                stage("bomb", "for i in $(seq 100); do sleep 30 & done", "wait"),
                always("after", "echo still here"));
        assertEquals(o.toString(), BuildResult.FAILED, o.result());
        assertEquals(StageStatus.FAILED, o.stages().get(0).status());
        assertTrue(o.stages().get(0).message(), o.stages().get(0).message().contains("out of PIDs: the stage could "
                + "not start a process (fork failed) because the build may run at most 40 processes"));
        assertEquals("the always stage ran once the bomb's processes were ended", "still here\n", l.stdout(1));
    }

    @Test
    public void writingMoreThanTheDiskLimitKillsTheStageAndSaysSo() {
        RecordingListener l = new RecordingListener();
        long t0 = System.nanoTime();
        BuildOutcome o = run(new ResourceLimits(null, null, null, 20L << 20), null, l,
                stage("fill", "dd if=/dev/zero of=/workspace/big bs=1M count=40 2>/dev/null", "sleep 60"));
        assertEquals(o.toString(), BuildResult.FAILED, o.result());
        assertTrue(o.stages().get(0).message(), o.stages().get(0).message().contains("disk limit: the build wrote "
                + "more than 20.0 MiB"));
        assertTrue("noticed within a few looks", System.nanoTime() - t0 < Duration.ofSeconds(40).toNanos());
    }

    @Test
    public void aContainerWhoseWerkerDiedStopsByItselfAfterTheBuildsTimeLimit() throws Exception {
        EngineConfig config = EngineConfig.of(werker, workDir).withGrace(Duration.ofSeconds(1))
                .withSelfStopMargin(Duration.ofSeconds(1));
        BuildPlan plan = Plans.docker(Plans.IMAGE, 3, stage("s", "true"));
        Path ws = docker.newFolder("ws");
        // open the build's container and never close it: what a werker killed with -9 leaves behind
        new DockerExecutor(config).open(new BuildRequest(12, werker, plan, null, null, "main", project, Map.of(),
                null), ws, line -> { }, new Cancellation());
        String id = DockerFixture.containersLabelled("ocelot.werker=" + werker).get(0);
        assertEquals("true\n", DockerFixture.runOk("docker", "inspect", "-f", "{{.State.Running}}", id).out());
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String state = "";
        while (System.nanoTime() < until) {
            state = DockerFixture.runOk("docker", "inspect", "-f", "{{.State.Running}}", id).out();
            if (state.equals("false\n")) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals("stopped after 3 s + 1 s grace + 1 s margin", "false\n", state);
        DockerFixture.removeLabelled("ocelot.werker=" + werker);
    }
}
