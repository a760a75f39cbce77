package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ocelot.werker.engine.Plans.always;
import static io.ocelot.werker.engine.Plans.host;
import static io.ocelot.werker.engine.Plans.stage;
import static io.ocelot.werker.engine.Plans.withEnv;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The host-shell executor ({@code machineTag} plans): what is its own beyond the stage semantics every executor
 * shares ({@link HostShellStageSemanticsTest}): the workspace copy and paths, a clean environment, signals reaching
 * every process of the stage, leftovers ended, secrets masked across streams and stages.
 */
public class HostShellEngineTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path workDir;
    private Path project;
    private Path outside;
    private BuildRunner engine;

    @Before
    public void setUp() throws IOException {
        workDir = tmp.newFolder("work").toPath();
        project = tmp.newFolder("project").toPath();
        outside = tmp.newFolder("outside").toPath();
        Files.writeString(project.resolve("hello.txt"), "hello\n");
        Files.createDirectories(project.resolve("sub"));
        engine = Engines.create(EngineConfig.of("host-test", workDir).withGrace(Duration.ofSeconds(1)));
    }

    @After
    public void workspaceRemoved() throws IOException {
        try (var s = Files.list(workDir)) {
            assertEquals(java.util.List.of(), s.toList());
        }
    }

    private BuildRequest local(BuildPlan plan, Map<String, String> secrets) {
        return new BuildRequest(1, "host-test", plan, null, null, "main", project, secrets, null);
    }

    @Test
    public void runsStagesInTheWorkspaceWithTheStageEnvAndSeparateStreams() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = engine.run(local(host(0,
                withEnv(stage("env", "echo \"$GREETING $API_KEY\"", "echo oops >&2", "pwd"),
                        Map.of("GREETING", "hi"), "/workspace/sub"),
                stage("files", "cat hello.txt", "touch made-here", "test -z \"$OCELOT_WERKER_TOKEN\" && echo clean-env"),
                stage("fail", "false", "echo not reached"),
                always("always", "echo always")), Map.of("API_KEY", "k3y-value")), l, new Cancellation());

        assertEquals(BuildResult.FAILED, o.result());
        assertEquals("stage \"fail\" failed with exit code 1", o.message());
        assertTrue(l.stdout(0), l.stdout(0).startsWith("hi ****\n"));
        assertTrue(l.stdout(0).endsWith("/src/sub\n"));
        assertEquals("oops\n", l.stderr(0));
        assertEquals("hello\nclean-env\n", l.stdout(1));
        assertEquals(StageStatus.FAILED, o.stages().get(2).status());
        assertEquals("always\n", l.stdout(3));
        assertFalse("the stage wrote into the workspace copy, not the project", Files.exists(project.resolve("made-here")));
    }

    @Test
    public void cancelReachesEveryProcessOfTheStage() throws Exception {
        RecordingListener l = new RecordingListener();
        Cancellation cancel = new Cancellation();
        Path pidFile = outside.resolve("child.pid");
        CompletableFuture<BuildOutcome> run = CompletableFuture.supplyAsync(() -> engine.run(local(host(0,
                withEnv(stage("spawn",
                        "trap 'echo got TERM; exit 143' TERM",
                        "sh -c 'sleep 300' & echo $! > \"$PIDFILE\"",
                        "echo ready",
                        // sh runs the trap once the foreground sleep ends: short sleeps keep that well inside the grace
                        "while :; do sleep 0.1; done"), Map.of("PIDFILE", pidFile.toString()), null),
                always("after", "echo after")), Map.of()), l, cancel));
        l.awaitStdout(0, s -> s.contains("ready"), 20_000);
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(ProcessHandle.of(child).isPresent());

        cancel.cancel("ctrl-c");
        BuildOutcome o = run.get(30, TimeUnit.SECONDS);

        assertEquals(BuildResult.CANCELLED, o.result());
        assertEquals("ready\ngot TERM\n", l.stdout(0));
        assertEquals(Integer.valueOf(143), o.stages().get(0).exitCode());
        assertEquals("after\n", l.stdout(1));
        long end = System.currentTimeMillis() + 5000;
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        assertFalse("the stage's background child got the signal too",
                ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
    }

    /**
     * The child writes only once the stage's shell is gone (it waits for that, instead of sleeping and hoping the
     * shell is gone by then), and the executor waits long enough for it: what a leftover writes after the shell
     * exited is still the stage's log, whatever the machine's load. It then lets go of the pipes and keeps running,
     * and is ended all the same.
     */
    @Test
    public void aBackgroundChildLeftByAFinishedStageIsEndedAndItsOutputKept() throws Exception {
        BuildRunner patient = new BuildEngine(EngineConfig.of("host-test", workDir), plan -> new
                io.ocelot.werker.engine.shell.HostShellExecutor(null, Duration.ofSeconds(60)),
                new io.ocelot.werker.workspace.Workspaces(workDir.resolve("known_hosts")));
        RecordingListener l = new RecordingListener();
        Path pidFile = outside.resolve("left.pid");
        BuildOutcome o = patient.run(local(host(0,
                withEnv(stage("leaves-a-child",
                        "shell=$$",
                        "(while kill -0 $shell 2>/dev/null; do sleep 0.05; done; echo late; exec >/dev/null 2>&1; "
                                + "sleep 300; echo never) & echo $! > \"$PIDFILE\"",
                        "echo early"), Map.of("PIDFILE", pidFile.toString()), null),
                stage("next", "echo next")), Map.of()), l, new Cancellation());

        assertEquals(BuildResult.PASSED, o.result());
        // what the child wrote after the stage's shell was gone is in the stage's log, nothing leaks into the next
        assertEquals("early\nlate\n", l.stdout(0));
        assertEquals("next\n", l.stdout(1));
        assertEnded(Long.parseLong(Files.readString(pidFile).strip()), "the stage's leftover child was ended with it");
    }

    /** A leftover that holds the stage's output open is ended after a short wait; what it wrote before is kept. */
    @Test
    public void aBackgroundChildHoldingTheOutputIsEndedAfterTheLinger() throws Exception {
        RecordingListener l = new RecordingListener();
        Path pidFile = outside.resolve("holder.pid");
        long t0 = System.nanoTime();
        BuildOutcome o = engine.run(local(host(0,
                withEnv(stage("leaves-a-holder",
                        "(echo before; touch \"$PIDFILE.ready\"; sleep 300; echo never) & echo $! > \"$PIDFILE\"",
                        "while [ ! -e \"$PIDFILE.ready\" ]; do sleep 0.05; done",
                        "echo early"), Map.of("PIDFILE", pidFile.toString()), null)), Map.of()),
                l, new Cancellation());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals(BuildResult.PASSED, o.result());
        assertTrue(l.stdout(0), l.stdout(0).contains("before\n") && l.stdout(0).contains("early\n"));
        assertFalse(l.stdout(0).contains("never"));
        assertTrue("took " + took, took < 60_000);
        assertEnded(Long.parseLong(Files.readString(pidFile).strip()), "the child holding the pipes was ended");
    }

    private static void assertEnded(long pid, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        assertFalse(what, ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    public void secretsNeverAppearWholeInTheStoredLog() throws Exception {
        String key = "-----BEGIN TEST KEY-----\nAAAAfirst-line-of-the-key\nBBBBsecond-line-of-the-key\n-----END TEST KEY-----";
        String token = "Sup3rSecretValue42";
        RecordingListener l = new RecordingListener();
        BuildOutcome o = engine.run(local(host(0,
                stage("lines", "env | grep -A3 SSH_KEY", "printf '%s\\n' \"$SSH_KEY\" | tail -1",
                        "printf '%s\\n' \"$SSH_KEY\" | head -3 | tail -1"),
                // half to stdout, half to stderr (in that order in the merged log)
                stage("streams", "printf '%.8s' \"$API_TOKEN\"", "sleep 0.5", "printf '%s\\n' \"${API_TOKEN#????????}\" >&2"),
                // one stage writes the beginning, the next the rest
                stage("begins", "printf 'x %.8s' \"$API_TOKEN\""),
                stage("ends", "printf '%s y\\n' \"${API_TOKEN#????????}\"")),
                Map.of("SSH_KEY", key, "API_TOKEN", token)), l, new Cancellation());

        assertEquals(o.message(), BuildResult.PASSED, o.result());
        String stored = l.everything();
        for (String part : java.util.List.of(token, "AAAAfirst-line-of-the-key", "BBBBsecond-line-of-the-key")) {
            assertFalse("'" + part + "' is in the stored log:\n" + stored, stored.contains(part));
        }
        assertTrue(l.stdout(0), l.stdout(0).startsWith("SSH_KEY=****\n****\n****\n"));
        // the masked secret spans two stages: their marker lines stand between its halves, and the end line of
        // "begins" starts a line of its own after the unfinished "x "
        String output = io.ocelot.core.build.StageMarker.strip(stored);
        assertTrue(stored, output.contains("x \n**** y\n"));
    }
}
