package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import org.junit.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.ocelot.werker.engine.Plans.always;
import static io.ocelot.werker.engine.Plans.stage;
import static io.ocelot.werker.engine.Plans.withEnv;
import static io.ocelot.werker.engine.Plans.withTimeout;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * What a build's stages mean, whatever runs them: one suite, run on the {@link FakeExecutor} and on both real
 * executors (Docker: {@link DockerStageSemanticsTest}, host shell: {@link HostShellStageSemanticsTest}). Order,
 * a failure skips later stages, {@code always} stages, env precedence, stage and build timeouts, cancel with SIGTERM
 * then SIGKILL after the grace, exit codes, and a complete log. What only one executor does (Docker's clean-up,
 * no host mounts, the host's process groups) stays in that executor's own tests.
 *
 * <p>The scripts use only what the fake understands (see {@link FakeExecutor}), which is plain {@code sh}.
 */
public abstract class StageSemanticsContract {
    /** The engine under test, with {@link #grace()} between SIGTERM and SIGKILL. */
    protected abstract BuildRunner engine();

    /** A plan the engine runs with this executor. */
    protected abstract BuildPlan plan(long timeoutSeconds, PlannedStage... stages);

    /** The build's local project (its workspace is a copy). */
    protected abstract Path project();

    protected abstract Duration grace();

    private BuildOutcome run(BuildPlan plan, RecordingListener l) {
        return run(plan, Map.of(), l, new Cancellation());
    }

    private BuildOutcome run(BuildPlan plan, Map<String, String> secrets, RecordingListener l, Cancellation c) {
        return engine().run(new BuildRequest(7, "contract", plan, null, null, "main", project(), secrets, null), l, c);
    }

    private static List<StageStatus> statuses(BuildOutcome o) {
        return o.stages().stream().map(StageResult::status).toList();
    }

    @Test
    public void stagesRunInOrderAndAllPassing() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run(plan(0, stage("one", "echo 1"), stage("two", "echo 2"), stage("three", "echo 3")), l);

        assertEquals(o.message(), BuildResult.PASSED, o.result());
        assertEquals("all stages passed", o.message());
        assertEquals(List.of("started 0 one", "finished 0 one PASSED", "started 1 two", "finished 1 two PASSED",
                "started 2 three", "finished 2 three PASSED"), l.events);
        assertEquals(List.of(0, 0, 0), o.stages().stream().map(StageResult::exitCode).toList());
        assertEquals("exit code 0", o.stages().get(0).message());
    }

    @Test
    public void exitCodesDecideStagesAndAFailureSkipsLaterStagesButAlwaysRuns() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run(plan(0,
                stage("ok", "echo fine"),
                Plans.skipped("docs", "no trigger matched"),
                stage("broken", "echo before", "exit 3", "echo never printed"),
                stage("after", "echo should not run"),
                always("report", "echo report ran")), l);

        assertEquals(BuildResult.FAILED, o.result());
        assertEquals("stage \"broken\" failed with exit code 3", o.message());
        List<StageResult> s = o.stages();
        assertEquals(List.of(StageStatus.PASSED, StageStatus.SKIPPED, StageStatus.FAILED, StageStatus.SKIPPED,
                StageStatus.PASSED), statuses(o));
        assertEquals("skipped: no trigger matched", s.get(1).message());
        assertNull(s.get(1).exitCode());
        assertEquals(Integer.valueOf(3), s.get(2).exitCode());
        assertEquals("exit code 3", s.get(2).message());
        assertEquals("an earlier stage failed", s.get(3).message());
        assertEquals("before\n", l.stdout(2));
        assertEquals("", l.stdout(3));
        assertEquals("report ran\n", l.stdout(4));
        assertFalse("skipped stages are reported but never started", l.events.contains("started 1 docs"));
        assertFalse(l.events.contains("started 3 after"));
        assertTrue(l.events.contains("started 4 report"));
    }

    @Test
    public void theFirstFailingLineEndsTheStageWithItsExitCode() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run(plan(0, stage("lines", "echo one", "false", "echo two"), always("after", "exit 0")), l);

        assertEquals(BuildResult.FAILED, o.result());
        assertEquals(Integer.valueOf(1), o.stages().get(0).exitCode());
        assertEquals("one\n", l.stdout(0));
        assertEquals("a passing always stage does not make a failed build pass", StageStatus.PASSED,
                o.stages().get(1).status());
    }

    @Test
    public void secretsWinOverTheStageEnvAndStageEnvIsThere() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run(plan(0,
                withEnv(stage("env", "echo \"greeting=$GREETING token=$TOKEN\""),
                        Map.of("GREETING", "hello", "TOKEN", "from-the-stage"), null),
                stage("other", "echo \"greeting=$GREETING\"")),
                Map.of("TOKEN", "s3cret-value"), l, new Cancellation());

        assertEquals(o.message(), BuildResult.PASSED, o.result());
        assertEquals("the secret's value (masked) replaced the stage's", "greeting=hello token=****\n", l.stdout(0));
        assertEquals("a stage's env is its own", "greeting=\n", l.stdout(1));
        assertFalse(l.everything().contains("s3cret-value"));
    }

    @Test
    public void stdoutAndStderrAreKeptApartAndTheLogIsComplete() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run(plan(0, stage("talk", "echo out-1", "echo err-1 >&2", "seq 1 20000", "echo out-2")), l);

        assertEquals(o.message(), BuildResult.PASSED, o.result());
        String numbers = LongStream.rangeClosed(1, 20000).mapToObj(Long::toString).collect(Collectors.joining("\n"));
        assertEquals("every byte, in order", "out-1\n" + numbers + "\nout-2\n", l.stdout(0));
        assertEquals("err-1\n", l.stderr(0));
        assertTrue("the set-up is logged before the stages", l.system(BuildListener.SETUP).length() > 0);
    }

    @Test
    public void aStageTimeoutFailsTheBuildWithTheStageNameAndAlwaysStillRuns() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run(plan(0,
                withTimeout(stage("slow", "echo start", "sleep 60"), 1),
                stage("next", "echo no"),
                always("cleanup", "echo cleaned")), l);

        assertEquals(BuildResult.FAILED, o.result());
        assertEquals("timeout after 1s in stage \"slow\"", o.message());
        assertEquals(StageStatus.FAILED, o.stages().get(0).status());
        assertEquals("timed out after 1s", o.stages().get(0).message());
        assertEquals("start\n", l.stdout(0));
        assertTrue(l.system(0), l.system(0).contains("stage timed out: sending SIGTERM"));
        assertEquals(StageStatus.SKIPPED, o.stages().get(1).status());
        assertEquals(StageStatus.PASSED, o.stages().get(2).status());
        assertEquals("cleaned\n", l.stdout(2));
    }

    @Test
    public void theBuildTimeoutStopsTheRunningStageAndAlwaysStillRuns() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run(plan(3,
                stage("quick", "echo quick"),
                stage("endless", "sleep 60"),
                stage("later", "echo no"),
                always("report", "echo report")), l);

        assertEquals(BuildResult.FAILED, o.result());
        assertEquals("timeout after 3s (the build's limit) in stage \"endless\"", o.message());
        assertEquals(List.of(StageStatus.PASSED, StageStatus.FAILED, StageStatus.SKIPPED, StageStatus.PASSED),
                statuses(o));
        assertEquals("timed out: the build's limit of 3s is over", o.stages().get(1).message());
        assertEquals("not run: the build timed out", o.stages().get(2).message());
        assertEquals("report\n", l.stdout(3));
    }

    @Test
    public void cancelSendsSigtermFirstSoTheStageCanCleanUpAndAlwaysStagesRun() throws Exception {
        RecordingListener l = new RecordingListener();
        Cancellation cancel = new Cancellation();
        CompletableFuture<BuildOutcome> run = CompletableFuture.supplyAsync(() -> run(plan(0,
                stage("server", "trap 'echo got TERM; exit 143' TERM", "echo ready", "while :; do sleep 1; done"),
                stage("deploy", "echo never"),
                always("teardown", "echo teardown ran")), Map.of(), l, cancel));
        l.awaitStdout(0, s -> s.contains("ready"), 30_000);
        // let the loop's `sleep 1` start: a SIGTERM that comes before it is forked finds no sleep to end, and the
        // shell runs its trap only once that sleep is over, as late as the grace itself
        Thread.sleep(300);
        cancel.cancel("stopped by alice");
        BuildOutcome o = run.get(60, TimeUnit.SECONDS);

        assertEquals(BuildResult.CANCELLED, o.result());
        assertEquals("cancelled: stopped by alice", o.message());
        StageResult server = o.stages().get(0);
        assertEquals(StageStatus.CANCELLED, server.status());
        assertEquals("cancelled: stopped by alice", server.message());
        assertEquals("the trap ran: SIGTERM arrived before any SIGKILL", "ready\ngot TERM\n", l.stdout(0));
        assertEquals(Integer.valueOf(143), server.exitCode());
        assertTrue(l.system(0), l.system(0).contains("cancelled (stopped by alice): sending SIGTERM"));
        assertFalse("no SIGKILL was needed", l.system(0).contains(": sending SIGKILL\n"));
        assertEquals(StageStatus.CANCELLED, o.stages().get(1).status());
        assertEquals("cancelled before it started", o.stages().get(1).message());
        assertEquals(StageStatus.PASSED, o.stages().get(2).status());
        assertEquals("teardown ran\n", l.stdout(2));
    }

    @Test
    public void aStageThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        RecordingListener l = new RecordingListener();
        Cancellation cancel = new Cancellation();
        CompletableFuture<BuildOutcome> run = CompletableFuture.supplyAsync(() -> run(plan(0,
                stage("stubborn", "trap '' TERM", "echo ready", "sleep 60")), Map.of(), l, cancel));
        l.awaitStdout(0, s -> s.contains("ready"), 30_000);
        long t0 = System.nanoTime();
        cancel.cancel("user");
        BuildOutcome o = run.get(60, TimeUnit.SECONDS);
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals(BuildResult.CANCELLED, o.result());
        assertEquals(Integer.valueOf(137), o.stages().get(0).exitCode());
        String grace = HumanDuration.format(grace());
        assertTrue(l.system(0), l.system(0).contains("sending SIGTERM, SIGKILL after " + grace));
        assertTrue(l.system(0), l.system(0).contains("still running after " + grace + ": sending SIGKILL"));
        assertTrue("SIGKILL only after the grace: " + stopMillis + " ms", stopMillis >= grace().toMillis());
    }

    @Test
    public void aStageTimeoutKillsAStageThatIgnoresSigterm() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run(plan(0, withTimeout(stage("stubborn", "trap '' TERM", "sleep 60"), 1)), l);

        assertEquals(BuildResult.FAILED, o.result());
        assertEquals("timeout after 1s in stage \"stubborn\"", o.message());
        assertEquals(Integer.valueOf(137), o.stages().get(0).exitCode());
        assertTrue(l.system(0), l.system(0).contains("sending SIGKILL"));
    }

    @Test
    public void aBuildCancelledBeforeItStartsRunsNoStageAtAll() {
        RecordingListener l = new RecordingListener();
        Cancellation cancel = new Cancellation();
        cancel.cancel("superseded");
        BuildOutcome o = run(plan(0, stage("build", "echo build"), always("notify", "echo notify")), Map.of(), l,
                cancel);

        assertEquals(BuildResult.CANCELLED, o.result());
        assertEquals("cancelled: superseded", o.message());
        assertEquals("not even always stages: there is nothing to run them in",
                List.of(StageStatus.CANCELLED, StageStatus.CANCELLED), statuses(o));
        assertEquals("cancelled before the build started", o.stages().get(1).message());
        assertTrue(l.events.stream().noneMatch(e -> e.startsWith("started")));
    }
}
