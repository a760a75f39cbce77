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

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ocelot.werker.engine.Plans.always;
import static io.ocelot.werker.engine.Plans.stage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * An image pull that hangs (a registry that never answers the manifest request) is stopped by the build's time limit
 * and by a cancel, not only by the pull's own deadline (30 min by default), and the werker lets go of it: its
 * connection to dockerd is closed. (dockerd 20.10 itself keeps waiting on such a registry even after its client went
 * away — a `docker pull` killed with Ctrl-C does the same — which no client can change.)
 */
public class HangingPullTest {
    @Rule
    public DockerWerkerRig docker = new DockerWerkerRig("pull");

    private String werker;
    private Path workDir;
    private Path project;
    private HangingRegistry registry;
    private BuildRunner engine;

    @Before
    public void setUp() throws IOException {
        werker = docker.name();
        workDir = docker.workDir();
        project = docker.project();
        registry = new HangingRegistry();
        // a pull deadline far beyond what the tests wait: only the build's limit or the cancel can end the pull
        engine = Engines.create(new EngineConfig(werker, workDir, null, Duration.ofSeconds(1), null,
                Duration.ofSeconds(45), null));
    }

    @After
    public void closeRegistry() throws IOException {
        registry.close();
    }

    /**
     * docker-java reads a pull's progress on a thread of its own ({@code docker-java-stream-*}) that ends only when
     * the response ends or its connection is closed; none runs in this test class except for the pulls.
     */
    private static boolean noPullStreamLeft(long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("docker-java-stream"))) {
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private BuildRequest request(String image, long timeoutSeconds) {
        BuildPlan plan = Plans.docker(image, timeoutSeconds, stage("build", "echo never"), always("report", "echo no"));
        return new BuildRequest(11, werker, plan, null, null, "main", project, Map.of(), null);
    }

    @Test
    public void theBuildsTimeLimitStopsAHangingPull() throws Exception {
        String image = registry.address() + "/x:1";
        RecordingListener l = new RecordingListener();
        long t0 = System.nanoTime();
        BuildOutcome o = engine.run(request(image, 2), l, new Cancellation());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertTrue("the pull reached the registry's manifest request and hung there", registry.awaitHeld(0));
        assertEquals(l.everything(), BuildResult.ERRORED, o.result());
        assertEquals("timeout after 2s (the build's limit): stopped pulling image '" + image + "'", o.message());
        assertTrue("stopped at the build's limit, not the pull's: " + took + " ms", took < 15_000);
        assertEquals(List.of(StageStatus.SKIPPED, StageStatus.SKIPPED),
                o.stages().stream().map(StageResult::status).toList());
        assertTrue(l.events.stream().noneMatch(e -> e.startsWith("started")));
        assertTrue(l.system(BuildListener.SETUP).contains("$ docker pull " + image));
        assertTrue("the werker let go of the pull: no thread is left reading its progress from dockerd",
                noPullStreamLeft(20));
    }

    @Test
    public void aCancelStopsAHangingPull() throws Exception {
        String image = registry.address() + "/x:1";
        RecordingListener l = new RecordingListener();
        Cancellation cancel = new Cancellation();
        CompletableFuture<BuildOutcome> run = CompletableFuture.supplyAsync(
                () -> engine.run(request(image, 0), l, cancel));
        assertTrue("the pull reached the registry", registry.awaitHeld(30));
        long t0 = System.nanoTime();
        cancel.cancel("stopped by alice");
        BuildOutcome o = run.get(40, TimeUnit.SECONDS);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals(l.everything(), BuildResult.CANCELLED, o.result());
        assertEquals("cancelled: stopped by alice", o.message());
        assertTrue("the cancel ended the pull at once: " + took + " ms", took < 10_000);
        assertEquals(List.of(StageStatus.CANCELLED, StageStatus.CANCELLED),
                o.stages().stream().map(StageResult::status).toList());
        assertTrue(l.events.stream().noneMatch(e -> e.startsWith("started")));
        assertTrue("the werker let go of the pull: no thread is left reading its progress from dockerd",
                noPullStreamLeft(20));
        assertFalse("no image came of it", DockerFixture.run("docker", "image", "inspect", image).code() == 0);
    }
}
