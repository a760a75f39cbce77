package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.werker.wiring.Engines;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ocelot.werker.engine.Plans.always;
import static io.ocelot.werker.engine.Plans.docker;
import static io.ocelot.werker.engine.Plans.stage;
import static io.ocelot.werker.engine.Plans.withEnv;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The engine against the real Docker engine: what users rely on when their build runs in a container, beyond the
 * stage semantics every executor shares ({@link DockerStageSemanticsTest}): the workspace and paths in the
 * container, images, clones, masking, several builds at once, an unreachable or hung Docker engine.
 */
public class DockerEngineTest {
    @Rule
    public DockerWerkerRig docker = new DockerWerkerRig("test");

    private String werker;
    private Path workDir;
    private Path project;
    private BuildRunner engine;

    @Before
    public void setUp() throws IOException {
        werker = docker.name();
        workDir = docker.workDir();
        project = docker.project();
        Files.writeString(project.resolve("hello.txt"), "hello from the workspace\n");
        Files.createDirectories(project.resolve("sub/dir"));
        Files.writeString(project.resolve("sub/dir/deep.txt"), "deep\n");
        Path tool = project.resolve("tool.sh");
        Files.writeString(tool, "#!/bin/sh\necho tool ran with $1\n");
        tool.toFile().setExecutable(true);
        Files.createDirectories(project.resolve(".git"));
        Files.writeString(project.resolve(".git/config"), "[remote] url = https://user:tok@example\n");
        engine = Engines.create(EngineConfig.of(werker, workDir).withGrace(Duration.ofSeconds(2)));
    }

    private BuildRequest local(BuildPlan plan) {
        return new BuildRequest(7, werker, plan, null, null, "main", project, Map.of(), null);
    }

    @Test
    public void stdoutAndStderrAreKeptApartAndEnvWorkdirAndWorkspaceAreThere() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = engine.run(local(docker(
                withEnv(stage("env",
                        "echo \"out $GREETING build=$BUILD_ID commit=$GIT_COMMIT\"",
                        "echo \"err line\" >&2",
                        "pwd",
                        "cat deep.txt"), Map.of("GREETING", "hello", "BUILD_ID", "7", "GIT_COMMIT", "abc123"),
                        "sub/dir"),
                stage("workspace", "pwd", "cat hello.txt", "./tool.sh x", "test ! -e .git && echo no-git"))),
                l, new Cancellation());

        assertEquals(o.message(), BuildResult.PASSED, o.result());
        assertEquals("out hello build=7 commit=abc123\n/workspace/sub/dir\ndeep\n", l.stdout(0));
        assertEquals("err line\n", l.stderr(0));
        assertEquals("/workspace\nhello from the workspace\ntool ran with x\nno-git\n", l.stdout(1));
        assertEquals("", l.stderr(1));
    }

    @Test
    public void aBackgroundChildLeftByAFinishedStageIsEndedAndItsOutputKept() {
        RecordingListener l = new RecordingListener();
        long t0 = System.nanoTime();
        BuildOutcome o = engine.run(local(docker(
                stage("leaves-a-child",
                        "(sleep 0.3; echo late; sleep 300; echo never) & echo $! > /tmp/left.pid",
                        "echo early"),
                // the container lives on for the next stage: the child must not
                stage("next", "p=$(cat /tmp/left.pid); i=0",
                        "while kill -0 \"$p\" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done",
                        "if kill -0 \"$p\" 2>/dev/null; then echo child-alive; else echo child-gone; fi"))),
                l, new Cancellation());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals(l.everything(), BuildResult.PASSED, o.result());
        // what the child wrote before the stage was over is in the stage's log, nothing of it leaks into the next
        assertEquals("early\nlate\n", l.stdout(0));
        assertEquals("the stage's leftover child was ended with it", "child-gone\n", l.stdout(1));
        assertTrue("the stage was over when its shell exited, not when the child would have: " + took + " ms",
                took < 30_000);
    }

    @Test
    public void theOutcomeIsToldBeforeTheContainerIsRemovedAndTheLogIsCompleteByThen() {
        Map<String, String> ours = Map.of(io.ocelot.werker.engine.docker.DockerExecutor.LABEL_WERKER, werker);
        List<String> containersAtOutcome = new ArrayList<>();
        List<String> eventsAtOutcome = new ArrayList<>();
        RecordingListener l = new RecordingListener() {
            @Override
            public synchronized void buildFinished(BuildOutcome outcome) {
                eventsAtOutcome.addAll(events);
                eventsAtOutcome.add("outcome " + outcome.result());
                try (var calls = new io.ocelot.werker.engine.docker.DockerCalls(EngineConfig.of(werker, workDir))) {
                    calls.client().listContainersCmd().withShowAll(true).withLabelFilter(ours).exec()
                            .forEach(c -> containersAtOutcome.add(c.getId()));
                }
            }
        };
        BuildOutcome o = engine.run(local(docker(stage("a", "echo a"), stage("b", "echo b >&2"))), l,
                new Cancellation());

        assertEquals(o.message(), BuildResult.PASSED, o.result());
        assertEquals("every stage is reported before the outcome", List.of("started 0 a", "finished 0 a PASSED",
                "started 1 b", "finished 1 b PASSED", "outcome PASSED"), eventsAtOutcome);
        assertEquals("the build's container was still there when the outcome was told", 1, containersAtOutcome.size());
        assertEquals("a\n", l.stdout(0));
        assertEquals("b\n", l.stderr(1));
        try (var calls = new io.ocelot.werker.engine.docker.DockerCalls(EngineConfig.of(werker, workDir))) {
            assertEquals("and gone when the engine returned", List.of(), calls.client().listContainersCmd()
                    .withShowAll(true).withLabelFilter(ours).exec());
        }
    }

    @Test
    public void aMissingImageErrorsWithAReasonAndRunsNothing() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = engine.run(local(docker("ocelot/no-such-image:never", 0, stage("a", "echo a"),
                always("b", "echo b"))), l, new Cancellation());

        assertEquals(BuildResult.ERRORED, o.result());
        assertTrue(o.message(), o.message().startsWith(
                "image 'ocelot/no-such-image:never' not found locally and could not be pulled: "));
        assertEquals(List.of(StageStatus.SKIPPED, StageStatus.SKIPPED),
                o.stages().stream().map(StageResult::status).toList());
        assertEquals("not run: the build errored", o.stages().get(0).message());
        assertTrue(l.events.stream().noneMatch(e -> e.startsWith("started")));
    }

    @Test
    public void aCloneFailingWhileTheContainerIsSetUpLeavesNoContainerOrVolumeOfTheBuild() throws Exception {
        // the container is created and started while the clone runs: the clone's failure must still end the
        // build with git's message and take the container and the workspace volume with it
        BuildRequest req = new BuildRequest(9, werker, docker(stage("a", "echo a")),
                new CloneSpec("http://127.0.0.1:9/scm/proj/repo.git", "ci", null, null),
                "0123456789abcdef0123456789abcdef01234567", "main", null, Map.of(), null);
        BuildOutcome o = engine.run(req, new RecordingListener(), new Cancellation());

        assertEquals(BuildResult.ERRORED, o.result());
        assertTrue(o.message(), o.message().startsWith("clone failed: "));
        Map<String, String> ours = Map.of(io.ocelot.werker.engine.docker.DockerExecutor.LABEL_WERKER, werker);
        try (var calls = new io.ocelot.werker.engine.docker.DockerCalls(EngineConfig.of(werker, workDir))) {
            assertEquals("containers of the build", List.of(), calls.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(ours).exec());
            var volumes = calls.client().listVolumesCmd()
                    .withFilter("label", List.of(io.ocelot.werker.engine.docker.DockerExecutor.LABEL_WERKER + "="
                            + werker)).exec().getVolumes();
            assertTrue("volumes of the build: " + volumes, volumes == null || volumes.isEmpty());
        }
    }

    @Test
    public void aCloneFailureErrorsWithoutShowingTheToken() {
        RecordingListener l = new RecordingListener();
        String token = "tok-" + UUID.randomUUID();
        BuildRequest req = new BuildRequest(8, werker, docker(stage("a", "echo a")),
                new CloneSpec("http://127.0.0.1:9/scm/proj/repo.git", "ci", token, null),
                "0123456789abcdef0123456789abcdef01234567", "main", null, Map.of(), null);
        BuildOutcome o = engine.run(req, l, new Cancellation());

        assertEquals(BuildResult.ERRORED, o.result());
        assertTrue(o.message(), o.message().startsWith("clone failed: "));
        assertTrue(o.message(), o.message().contains("127.0.0.1"));
        assertFalse(o.message().contains(token));
        assertFalse(l.everything().contains(token));
    }

    @Test
    public void clonesTheExactCommitOfARealRepository() throws Exception {
        Path repo = docker.newFolder("repo");
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("version.txt"), "v1\n");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one");
        String first = git(repo, "rev-parse", "HEAD").strip();
        Files.writeString(repo.resolve("version.txt"), "v2\n");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qam", "two");

        RecordingListener l = new RecordingListener();
        BuildRequest req = new BuildRequest(9, werker, docker(stage("show", "cat version.txt", "ls -a")),
                new CloneSpec(repo.toUri().toString().replace("file:/", "file:///").replace("file:////", "file:///"),
                        null, null, null), first, "main", null, Map.of(), null);
        BuildOutcome o = engine.run(req, l, new Cancellation());

        assertEquals(l.everything(), BuildResult.PASSED, o.result());
        assertTrue(l.stdout(0), l.stdout(0).startsWith("v1\n"));
        assertTrue("the clone's .git is in the workspace", l.stdout(0).contains(".git"));
        assertTrue(l.system(BuildListener.SETUP), l.system(BuildListener.SETUP).contains("git fetch --depth 1 origin " + first));
    }

    @Test
    public void secretsAreMaskedEvenWhenPrintedInPieces() {
        RecordingListener l = new RecordingListener();
        String secret = "hunter2-" + UUID.randomUUID();
        BuildRequest req = new BuildRequest(10, werker, docker(stage("leak",
                "echo \"token is $DEPLOY_TOKEN\"",
                "echo \"$DEPLOY_TOKEN\" >&2",
                "printf '%s' \"$DEPLOY_TOKEN\" | head -c 5; sleep 0.3; printf '%s\\n' \"$DEPLOY_TOKEN\" | tail -c +6")),
                null, null, "main", project, Map.of("DEPLOY_TOKEN", secret), null);
        BuildOutcome o = engine.run(req, l, new Cancellation());

        assertEquals(BuildResult.PASSED, o.result());
        assertEquals("token is ****\n****\n", l.stdout(0));
        assertEquals("****\n", l.stderr(0));
        assertFalse(l.everything().contains(secret));
    }

    @Test
    public void severalBuildsRunAtOnce() throws Exception {
        List<CompletableFuture<BuildOutcome>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            runs.add(CompletableFuture.supplyAsync(() -> engine.run(new BuildRequest(100 + n, werker,
                    docker(stage("s", "echo build " + n, "sleep 1")), null, null, "main", project, Map.of(), null),
                    new RecordingListener(), new Cancellation())));
        }
        for (CompletableFuture<BuildOutcome> r : runs) {
            assertEquals(BuildResult.PASSED, r.get(60, TimeUnit.SECONDS).result());
        }
    }

    @Test
    public void anUnreachableDockerEngineErrorsWithWhatToDo() {
        BuildRunner nowhere = Engines.create(EngineConfig.of(werker, workDir).withDockerHost("tcp://127.0.0.1:9"));
        BuildOutcome o = nowhere.run(local(docker(stage("a", "echo a"))), new RecordingListener(), new Cancellation());

        assertEquals(BuildResult.ERRORED, o.result());
        assertTrue(o.message(), o.message().startsWith("Docker engine not reachable at tcp://127.0.0.1:9"));
        assertTrue(o.message(), o.message().contains("scripts/setup-docker.sh"));
    }

    @Test
    public void aHungDockerEngineHitsTheCallDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accept, never answer
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            BuildRunner hung = Engines.create(EngineConfig.of(werker, workDir)
                    .withDockerHost("tcp://127.0.0.1:" + silent.getLocalPort())
                    .withDockerCallTimeout(Duration.ofSeconds(1)));
            long t0 = System.nanoTime();
            BuildOutcome o = hung.run(local(docker(stage("a", "echo a"))), new RecordingListener(), new Cancellation());
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            assertEquals(BuildResult.ERRORED, o.result());
            assertTrue(o.message(), o.message().contains("did not answer within 1s"));
            assertTrue("took " + took + " ms", took < 10_000);
        }
    }

    private static String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        return DockerFixture.runOk(cmd.toArray(String[]::new)).out();
    }
}
