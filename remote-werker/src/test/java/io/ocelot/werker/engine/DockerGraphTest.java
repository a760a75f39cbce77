package io.ocelot.werker.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageMarker;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.ServiceSpec;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.werker.wiring.Engines;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.ocelot.werker.engine.Plans.always;
import static io.ocelot.werker.engine.Plans.docker;
import static io.ocelot.werker.engine.Plans.inImage;
import static io.ocelot.werker.engine.Plans.needs;
import static io.ocelot.werker.engine.Plans.stage;
import static io.ocelot.werker.engine.Plans.withServices;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Stage graphs, per-stage images and services on the real Docker engine: independent stages at the same time on one
 * workspace, a stage in another image, a service reached by its name, a service that dies failing the build, a failed
 * stage skipping only what needs it, a cancel stopping every running stage; and after each build nothing of it left
 * (containers, network, volume: {@link DockerWerkerRig} checks the werker's labels).
 */
public class DockerGraphTest {
    /** A second image: busybox with a file that says which image a stage ran in. */
    static final String MARKER_IMAGE = "ocelot/busybox-marker:latest";

    @Rule
    public DockerWerkerRig docker = new DockerWerkerRig("graph");

    private Path project;
    private BuildRunner engine;

    @Before
    public void setUp() throws IOException {
        project = docker.project();
        Files.writeString(project.resolve("hello.txt"), "hello\n");
        engine = Engines.create(EngineConfig.of(docker.name(), docker.workDir()).withGrace(Duration.ofSeconds(2)));
    }

    private BuildRequest local(BuildPlan plan) {
        return new BuildRequest(31, docker.name(), plan, null, null, "main", project, Map.of(), null);
    }

    private void nothingOfTheBuildLeft() {
        DockerFixture.assertNoDockerLeftovers("ocelot.werker=" + docker.name());
    }

    @Test
    public void independentStagesRunAtTheSameTimeAndAStageNeedingBothSeesWhatBothWrote() {
        Timed l = new Timed();
        List<List<String>> stageContainersWhenTheThirdStarts = new java.util.ArrayList<>();
        l.onStart = index -> {
            if (index == 2) {
                for (int i = 0; i < 2; i++) {
                    stageContainersWhenTheThirdStarts.add(DockerFixture.run("docker", "ps", "-aq", "--filter",
                            "label=ocelot.werker=" + docker.name(), "--filter", "label=ocelot.stage=" + i).out()
                            .lines().toList());
                }
            }
        };
        BuildOutcome o = engine.run(local(docker(
                needs(stage("left", "sleep 4", "echo left > left.txt")),
                needs(stage("right", "sleep 4", "echo right > right.txt")),
                needs(stage("both", "cat left.txt right.txt hello.txt"), "left", "right"))), l, new Cancellation());

        assertEquals(l.everything(), BuildResult.PASSED, o.result());
        long together = l.finishedAt.get(1) - l.startedAt.get(0);
        long together2 = l.finishedAt.get(0) - l.startedAt.get(1);
        assertTrue("two 4 s stages took " + Math.max(together, together2) + " ms together",
                Math.max(together, together2) < 7000);
        assertTrue("the third started after both", l.startedAt.get(2) >= Math.max(l.finishedAt.get(0),
                l.finishedAt.get(1)));
        assertEquals("left\nright\nhello\n", l.stdout(2));
        assertEquals("a stage's own container goes when the stage ends", List.of(List.of(), List.of()),
                stageContainersWhenTheThirdStarts);
        assertEquals(List.of(0, 1, 2), o.stages().stream().map(StageResult::index).toList());
        // each stage's part of the log begins and ends with its own markers, whatever ran meanwhile
        for (int i = 0; i < 3; i++) {
            String system = l.system(i);
            String first = system.lines().filter(s -> s.startsWith(StageMarker.PREFIX)).findFirst().orElseThrow();
            assertEquals(StageMarker.start(i, 3, o.stages().get(i).name()).strip(), first);
            assertTrue(system, system.endsWith(StageMarker.end(o.stages().get(i), 3)));
        }
        nothingOfTheBuildLeft();
    }

    @Test
    public void aStageWithAnImageRunsInItAndTheOthersKeepTheBuildContainer() throws Exception {
        markerImage();
        RecordingListener l = new RecordingListener();
        BuildOutcome o = engine.run(local(docker(
                stage("install", "echo installed > /opt-state", "echo made > made.txt"),
                inImage(stage("elsewhere", "cat /marker", "cat made.txt", "test ! -e /opt-state && echo fresh",
                        "echo from-elsewhere > other.txt"), MARKER_IMAGE),
                stage("back", "cat /opt-state", "cat other.txt", "test ! -e /marker && echo no-marker"))),
                l, new Cancellation());

        assertEquals(l.everything(), BuildResult.PASSED, o.result());
        assertEquals("busybox-marker\nmade\nfresh\n", l.stdout(1));
        assertEquals("what the first stage installed is still there", "installed\nfrom-elsewhere\nno-marker\n",
                l.stdout(2));
        nothingOfTheBuildLeft();
    }

    @Test
    public void aServiceIsReachedByItsNameFromEveryStageAndItsEnvIsItsContainersEnv() {
        RecordingListener l = new RecordingListener();
        ServiceSpec web = new ServiceSpec("web", Plans.IMAGE, Map.of("GREETING", "hello-from-web"),
                List.of("/bin/sh", "-c", "mkdir -p /srv && echo \"$GREETING\" > /srv/index.html && exec httpd -f -p 8080 -h /srv"));
        String fetch = "i=0; until wget -q -O - http://web:8080/index.html; do i=$((i+1)); [ $i -lt 50 ]; sleep 0.2; done";
        BuildOutcome o = engine.run(local(withServices(docker(
                needs(stage("one", fetch)),
                needs(stage("two", fetch), "one")), web)), l, new Cancellation());

        assertEquals(l.everything(), BuildResult.PASSED, o.result());
        assertEquals("hello-from-web\n", l.stdout(0));
        assertEquals("hello-from-web\n", l.stdout(1));
        nothingOfTheBuildLeft();
    }

    @Test
    public void aServiceThatExitsEarlyFailsTheBuildNamingItWithItsLastLines() {
        RecordingListener l = new RecordingListener();
        // the service waits for the stage to reach it, then writes its lines and exits: no race with the start
        // (its stderr line comes a moment later: dockerd copies stdout and stderr into the log each on its own)
        ServiceSpec db = new ServiceSpec("db", Plans.IMAGE, Map.of(), List.of("/bin/sh", "-c",
                "nc -l -p 9000; for i in $(seq 1 30); do echo db line $i; done; sleep 0.5; echo cannot go on >&2; exit 3"));
        long t0 = System.nanoTime();
        BuildOutcome o = engine.run(local(withServices(docker(
                stage("waits", "i=0; until echo hi | nc -w 2 db 9000; do i=$((i+1)); [ $i -lt 50 ]; sleep 0.2; done",
                        "sleep 60"),
                stage("later", "echo never"),
                always("report", "echo report ran")), db)), l, new Cancellation());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals(l.everything(), BuildResult.FAILED, o.result());
        assertEquals("service \"db\" exited with code 3 before the build ended", o.message());
        assertEquals(StageStatus.FAILED, o.stages().get(0).status());
        assertTrue(o.stages().get(0).message(), o.stages().get(0).message().contains("service \"db\""));
        assertEquals(StageStatus.SKIPPED, o.stages().get(1).status());
        assertEquals(StageStatus.PASSED, o.stages().get(2).status());
        String setup = l.system(BuildListener.SETUP);
        assertTrue(setup, setup.contains("  db | cannot go on\n"));
        assertTrue(setup, setup.contains("  db | db line 30\n"));
        assertTrue("the last 20 lines only: " + setup,
                !setup.contains("  db | db line 11\n") && setup.contains("  db | db line 12\n"));
        assertTrue("the running stage was stopped, not waited for: " + took + " ms", took < 40_000);
        nothingOfTheBuildLeft();
    }

    @Test
    public void aFailedStageSkipsWhatNeedsItAndIndependentStagesGoOn() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = engine.run(local(docker(
                needs(stage("compile", "echo broken; exit 2")),
                needs(stage("test", "echo never"), "compile"),
                needs(stage("package", "echo never"), "test"),
                needs(stage("lint", "sleep 1", "echo lint ok")),
                needs(stage("docs", "echo docs ok"), "lint"),
                needs(always("cleanup", "echo cleanup ran"), "package"))), l, new Cancellation());

        assertEquals(l.everything(), BuildResult.FAILED, o.result());
        assertEquals("stage \"compile\" failed with exit code 2", o.message());
        List<StageStatus> statuses = o.stages().stream().map(StageResult::status).toList();
        assertEquals(List.of(StageStatus.FAILED, StageStatus.SKIPPED, StageStatus.SKIPPED, StageStatus.PASSED,
                StageStatus.PASSED, StageStatus.PASSED), statuses);
        assertEquals("not run: it needs \"compile\", which failed", o.stages().get(1).message());
        assertEquals("not run: it needs \"test\", which was not run because \"compile\" did not pass",
                o.stages().get(2).message());
        assertEquals("lint ok\n", l.stdout(3));
        assertEquals("docs ok\n", l.stdout(4));
        assertEquals("cleanup ran\n", l.stdout(5));
        nothingOfTheBuildLeft();
    }

    @Test
    public void aCancelStopsEveryRunningStageAndNothingElseStarts() throws Exception {
        RecordingListener l = new RecordingListener();
        Cancellation cancel = new Cancellation();
        CompletableFuture<BuildOutcome> run = CompletableFuture.supplyAsync(() -> engine.run(local(docker(
                needs(stage("a", "trap '' TERM; echo a-started; sleep 60")),
                needs(stage("b", "echo b-started; sleep 60")),
                needs(stage("c", "echo never"), "a"))), l, cancel));
        l.awaitStdout(0, s -> s.contains("a-started"), 60_000);
        l.awaitStdout(1, s -> s.contains("b-started"), 60_000);
        long t0 = System.nanoTime();
        cancel.cancel("stop it");
        BuildOutcome o = run.get(60, TimeUnit.SECONDS);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals(BuildResult.CANCELLED, o.result());
        assertEquals(List.of(StageStatus.CANCELLED, StageStatus.CANCELLED, StageStatus.CANCELLED),
                o.stages().stream().map(StageResult::status).toList());
        assertEquals("cancelled before it started", o.stages().get(2).message());
        assertTrue("a ignored SIGTERM and got SIGKILL after the grace: " + l.system(0),
                l.system(0).contains("sending SIGKILL"));
        assertTrue("both were stopped at once, with one grace: " + took + " ms", took < 20_000);
        nothingOfTheBuildLeft();
    }

    /** {@link #MARKER_IMAGE}, made from the test image once (a tar with a Dockerfile and the marker file). */
    static synchronized void markerImage() throws IOException {
        if (DockerFixture.run("docker", "image", "inspect", MARKER_IMAGE).code() == 0) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            file(tar, "Dockerfile", "FROM " + Plans.IMAGE + "\nCOPY marker /marker\n");
            file(tar, "marker", "busybox-marker\n");
        }
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        try (DockerClient client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).build())) {
            client.buildImageCmd(new ByteArrayInputStream(bytes.toByteArray())).withTags(Set.of(MARKER_IMAGE))
                    .withPull(false).start().awaitImageId();
        }
    }

    private static void file(TarArchiveOutputStream tar, String name, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    /** A {@link RecordingListener} that also notes when each stage started and finished. */
    static final class Timed implements BuildListener {
        final Map<Integer, Long> startedAt = new ConcurrentHashMap<>();
        final Map<Integer, Long> finishedAt = new ConcurrentHashMap<>();
        private final RecordingListener record = new RecordingListener();
        volatile java.util.function.IntConsumer onStart = i -> { };

        @Override
        public void stageStarted(int index, String name) {
            onStart.accept(index);
            startedAt.put(index, System.nanoTime() / 1_000_000);
            record.stageStarted(index, name);
        }

        @Override
        public void log(int index, LogStream stream, byte[] data) {
            record.log(index, stream, data);
        }

        @Override
        public void stageFinished(StageResult result) {
            finishedAt.put(result.index(), System.nanoTime() / 1_000_000);
            record.stageFinished(result);
        }

        String stdout(int i) {
            return record.stdout(i);
        }

        String system(int i) {
            return record.system(i);
        }

        String everything() {
            return record.everything();
        }
    }
}
