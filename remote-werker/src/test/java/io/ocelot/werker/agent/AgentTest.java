package io.ocelot.werker.agent;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.build.StageResult;
import io.ocelot.werker.engine.BuildOutcome;
import io.ocelot.werker.engine.BuildRunner;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.werker.agent.spool.BuildSpool;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * The agent against a real HTTP server playing the plugin ({@link FakePlugin}) and a scripted engine
 * ({@link ScriptedRunner}), with the protocol's intervals shrunk so outages and retries take milliseconds.
 */
public class AgentTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    static final AgentConfig.Timings FAST = new AgentConfig.Timings(ms(100), ms(1000), ms(2000), ms(3000), ms(20),
            ms(200), ms(50), ms(50), ms(300), ms(5000));

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakePlugin plugin;
    private final List<Agent> agents = new ArrayList<>();
    private final Map<Long, Set<Long>> reaped = new ConcurrentHashMap<>();

    @Before
    public void startPlugin() throws IOException {
        plugin = new FakePlugin(300).start();
    }

    @After
    public void stopEverything() throws InterruptedException {
        for (Agent a : agents) {
            a.cancelNow("test over");
            assertTrue("agent stopped", a.awaitExit(Duration.ofSeconds(15)));
            assertEquals("exit code", 0, a.exitCode());
        }
        plugin.close();
    }

    // ---- registration ----

    @Test
    public void registersOnceSavesTheTokenOwnerOnlyAndReusesItOnTheNextStart() throws Exception {
        Path work = tmp.newFolder("work").toPath();
        Agent first = start(configWithoutToken(work).registrationSecret(FakePlugin.SECRET), runner(id -> twoStages()));
        Path tokenFile = work.resolve(TokenStore.FILE_NAME);
        await("token saved", () -> Files.exists(tokenFile));
        await("authorised poll", () -> !plugin.polls.isEmpty());
        String token = Files.readString(tokenFile).trim();
        assertEquals(plugin.tokens.get(1), token);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        stop(first);

        // no token, no secret: the saved token is enough, and no second registration happens
        int pollsBefore = plugin.polls.size();
        start(configWithoutToken(work), runner(id -> twoStages()));
        // the fake records a poll only once its bearer token is accepted
        await("polls with the saved token", () -> plugin.polls.size() > pollsBefore);
        assertEquals(1, plugin.registrations.get());
    }

    @Test
    public void aRefusedRegistrationStopsTheWerkerWithExitCode3() throws Exception {
        Path work = tmp.newFolder("work").toPath();
        Agent agent = start(configWithoutToken(work).registrationSecret("wrong"), runner(id -> twoStages()));
        assertTrue(agent.awaitExit(WAIT));
        assertEquals(3, agent.exitCode());
        assertFalse(Files.exists(work.resolve(TokenStore.FILE_NAME)));
        agents.remove(agent);
    }

    // ---- the happy path ----

    @Test
    public void runsALeasedBuildAndDeliversStagesTheWholeLogAndTheFinish() throws Exception {
        // stage 1 writes one piece larger than a protocol chunk: it must arrive split, and complete
        ScriptedRunner runner = runner(id -> List.of(
                new ScriptedRunner.Stage("build", 12, 300, ms(10), 0),
                new ScriptedRunner.Stage("big", 2, Protocol.MAX_LOG_CHUNK_BYTES, ms(10), 0),
                new ScriptedRunner.Stage("test", 3, 50, ms(10), 3)));
        Agent agent = start(config(tmp.newFolder().toPath()), runner);
        plugin.enqueue(7);
        FinishRequest finish = awaitFinish(7);
        assertEquals(BuildResult.FAILED, finish.result());

        FakePlugin.Build b = plugin.build(7);
        assertArrayEquals("stored log byte-identical to what the build produced", runner.producedBytes(7), b.logBytes());
        assertEquals(runner.producedBytes(7).length, finish.logLength());
        assertTrue("chunks within the protocol limit: " + b.largestChunk, b.largestChunk <= Protocol.MAX_LOG_CHUNK_BYTES);
        assertTrue("reports within the protocol limit (the plugin answers 413 past it): " + b.largestReportLog,
                b.largestReportLog > 0 && b.largestReportLog <= Protocol.MAX_LOG_CHUNK_BYTES);
        assertTrue("stderr tagged as such", b.ranges.values().contains("0/STDERR"));
        assertEquals(List.of("0:RUNNING", "0:PASSED", "1:RUNNING", "1:PASSED", "2:RUNNING", "2:FAILED"),
                FakePlugin.statuses(b.stages));
        StageUpdate failed = b.stages.get(5);
        assertEquals(Integer.valueOf(3), failed.exitCode());
        assertEquals("exit code 3", failed.message());
        assertEquals("the job reached the engine", "abc123", runner.requests.get(7L).commit());
        await("spool deleted after delivery", () -> !Files.exists(work(agent).resolve("spool/7")));
    }

    // ---- retries ----

    @Test
    public void retriesWithBackoffOn503() throws Exception {
        ScriptedRunner runner = runner(id -> twoStages());
        start(config(tmp.newFolder().toPath()), runner);
        plugin.failNext("poll", 2);
        plugin.failNext("report", 5);
        plugin.enqueue(1);
        awaitFinish(1);
        assertEquals(7, plugin.injectedFailures.get());
        assertArrayEquals(runner.producedBytes(1), plugin.build(1).logBytes());
        assertEquals(List.of("0:RUNNING", "0:PASSED", "1:RUNNING", "1:PASSED"), FakePlugin.statuses(plugin.build(1).stages));
    }

    @Test
    public void aLogOfManySmallPiecesGoesInReportsWithinTheItemLimit() throws Exception {
        // stdout and stderr alternate with every write: hundreds of pieces pile up while a report is out
        ScriptedRunner runner = runner(id -> List.of(new ScriptedRunner.Stage("chatty", 3000, 20, ms(0), 0)));
        start(config(tmp.newFolder().toPath()), runner);
        plugin.enqueue(4);
        awaitFinish(4);
        FakePlugin.Build b = plugin.build(4);
        assertArrayEquals(runner.producedBytes(4), b.logBytes());
        long pieces = b.calls.stream().filter(c -> c.kind().equals("log")).count();
        assertTrue("more pieces than one report may carry: " + pieces, pieces > Protocol.MAX_REPORT_ITEMS);
        assertEquals("no report refused", List.of(), b.calls.stream().filter(c -> c.status() >= 400).toList());
        assertTrue("reports ran up to the item limit, not past it: " + b.largestReportItems,
                b.largestReportItems > 1 && b.largestReportItems <= Protocol.MAX_REPORT_ITEMS);
    }

    @Test
    public void aPluginThatTakesNoReportsGetsOneCallPerEventRetriedTheSameWay() throws Exception {
        plugin.takesReports = false; // a plugin from before the report call: its jobs do not say it takes them
        ScriptedRunner runner = runner(id -> twoStages());
        start(config(tmp.newFolder().toPath()), runner);
        plugin.failNext("stage", 3);
        plugin.failNext("log", 3);
        plugin.failNext("finish", 2);
        plugin.enqueue(2);
        awaitFinish(2);
        assertEquals(8, plugin.injectedFailures.get());
        assertEquals("no report call", 0, plugin.reports.get());
        assertArrayEquals(runner.producedBytes(2), plugin.build(2).logBytes());
        assertEquals(List.of("0:RUNNING", "0:PASSED", "1:RUNNING", "1:PASSED"), FakePlugin.statuses(plugin.build(2).stages));
    }

    @Test
    public void aRunOfEventsGoesInOneReport() throws Exception {
        // the stage's end, its update, the next stage's start and the finish come together: far fewer calls than events
        ScriptedRunner runner = runner(id -> List.of(new ScriptedRunner.Stage("a", 1, 50, ms(0), 0),
                new ScriptedRunner.Stage("b", 1, 50, ms(0), 0), new ScriptedRunner.Stage("c", 1, 50, ms(0), 0)));
        start(config(tmp.newFolder().toPath()), runner);
        plugin.enqueue(3);
        awaitFinish(3);
        FakePlugin.Build b = plugin.build(3);
        assertArrayEquals(runner.producedBytes(3), b.logBytes());
        assertEquals(List.of("0:RUNNING", "0:PASSED", "1:RUNNING", "1:PASSED", "2:RUNNING", "2:PASSED"),
                FakePlugin.statuses(b.stages));
        long events = b.calls.stream().filter(c -> !c.kind().equals("report") && !c.kind().equals("heartbeat")).count();
        assertTrue("at least the six stage updates, three log pieces and the finish: " + events, events >= 10);
        assertTrue("in fewer reports than half of that: " + plugin.reports.get(), plugin.reports.get() <= events / 2);
    }

    @Test
    public void keepsTryingWhileTheServerRefusesConnectionsAndReportsItInHealth() throws Exception {
        plugin.stop();
        ScriptedRunner runner = runner(id -> twoStages());
        Agent agent = start(config(tmp.newFolder().toPath()).metricsPort(freePort()), runner);
        await("health reports the outage", () -> health(agent).body().contains("server unreachable"));
        assertEquals(503, health(agent).statusCode());
        plugin.enqueue(3);
        plugin.start();
        awaitFinish(3);
        assertArrayEquals(runner.producedBytes(3), plugin.build(3).logBytes());
        await("healthy again", () -> health(agent).statusCode() == 200);
        assertEquals("ok\n", health(agent).body());
    }

    // ---- spooling ----

    @Test
    public void spoolsThroughAnOutageAndDeliversAByteIdenticalLogAfterwards() throws Exception {
        ScriptedRunner runner = runner(id -> List.of(
                new ScriptedRunner.Stage("build", 30, 2000, ms(15), 0),
                new ScriptedRunner.Stage("test", 30, 2000, ms(15), 0)));
        Agent agent = start(config(tmp.newFolder().toPath()), runner);
        plugin.enqueue(5);
        await("some log delivered", () -> plugin.build(5).held() > 0);
        plugin.stop();
        long heldAtOutage = plugin.build(5).held();

        await("build finished during the outage", () -> runner.outcomes.containsKey(5L));
        Path spool = work(agent).resolve("spool/5");
        assertTrue("spooled to disk", Files.size(spool.resolve(BuildSpool.LOG_FILE)) > heldAtOutage);
        assertTrue(Files.readString(spool.resolve(BuildSpool.JOURNAL_FILE)).contains("\"kind\":\"finish\""));
        assertNull(plugin.build(5).finish);

        plugin.start();
        FinishRequest finish = awaitFinish(5);
        assertEquals(BuildResult.PASSED, finish.result());
        assertArrayEquals(runner.producedBytes(5), plugin.build(5).logBytes());
        assertEquals(List.of("0:RUNNING", "0:PASSED", "1:RUNNING", "1:PASSED"), FakePlugin.statuses(plugin.build(5).stages));
        await("spool deleted after delivery", () -> !Files.exists(spool));
    }

    @Test
    public void aBuildFinishedWhileTheServerWasAwayIsDeliveredByTheNextStartAndInterruptedOnesAreReported()
            throws Exception {
        Path work = tmp.newFolder().toPath();
        ScriptedRunner runner = runner(id -> twoStages());
        AgentConfig cfg = config(work).timings(withDeliveryTimeout(ms(300))).build();
        Agent first = startAgent(cfg, runner);
        plugin.enqueue(11);
        await("running here", () -> runner.startedLatch(11).getCount() == 0);
        plugin.stop();
        await("finished during the outage", () -> runner.outcomes.containsKey(11L));
        stop(first);
        assertTrue("spool kept for the next start", Files.exists(work.resolve("spool/11/journal")));

        // a spool of a build that was still running when the werker died, and a leftover container of another
        BuildSpool interrupted = BuildSpool.create(cfg.spoolDir(), new Job(12, new LeaseRef(1, "l-12"), 20, "r", "b",
                "c", null, null, null, null));
        interrupted.appendLog(0, io.ocelot.core.protocol.Messages.LogStream.STDOUT, "half a build\n".getBytes());
        interrupted.close();
        reaped.put(13L, Set.of(13L));

        plugin.start();
        ScriptedRunner second = runner(id -> twoStages());
        startAgent(cfg, second);
        FinishRequest finish = awaitFinish(11);
        assertEquals(BuildResult.PASSED, finish.result());
        assertArrayEquals(runner.producedBytes(11), plugin.build(11).logBytes());
        await("delivered spool deleted", () -> !Files.exists(work.resolve("spool/11")));
        assertFalse("interrupted build's spool dropped", Files.exists(work.resolve("spool/12")));
        assertTrue("leftovers reaped at start-up", reapedAtStart.get() >= 1);
        for (var poll : plugin.polls) {
            assertFalse("an interrupted build is not claimed as running", poll.running().contains(12L));
        }
    }

    @Test
    public void aGapInThePluginsLogIsResentFromTheOffsetItHolds() throws Exception {
        ScriptedRunner runner = runner(id -> List.of(new ScriptedRunner.Stage("s", 40, 500, ms(10), 0)));
        start(config(tmp.newFolder().toPath()), runner);
        plugin.enqueue(91);
        await("some log held", () -> plugin.build(91).held() > 4000);
        plugin.truncateLog(91, 1000);
        FinishRequest finish = awaitFinish(91);
        assertTrue("the werker ran into the gap", plugin.build(91).gaps.get() >= 1);
        assertArrayEquals(runner.producedBytes(91), plugin.build(91).logBytes());
        assertEquals(runner.producedBytes(91).length, finish.logLength());
    }

    @Test
    public void aRefusedFinishMakesTheWerkerResendTheMissingLogAndFinishAgain() throws Exception {
        ScriptedRunner runner = runner(id -> twoStages());
        start(config(tmp.newFolder().toPath()), runner);
        plugin.enqueue(92);
        await("leased", () -> plugin.build(92).leaseId != null);
        plugin.build(92).loseHalfAtFinish = true;
        awaitFinish(92);
        assertEquals(1, plugin.build(92).refusedFinishes.get());
        assertArrayEquals(runner.producedBytes(92), plugin.build(92).logBytes());
    }

    // ---- lease ----

    @Test
    public void aLostLeaseStopsTheBuildAndNothingMoreIsSentForIt() throws Exception {
        ScriptedRunner runner = runner(id -> id == 21
                ? List.of(new ScriptedRunner.Stage("long", 1000, 100, ms(10), 0))
                : twoStages());
        Agent agent = start(config(tmp.newFolder().toPath()), runner);
        plugin.enqueue(21);
        await("running", () -> plugin.build(21).held() > 0);
        plugin.reassign(21);
        await("build cancelled here", () -> runner.outcomes.containsKey(21L));
        assertEquals(BuildResult.CANCELLED, runner.outcomes.get(21L).result());
        assertTrue(runner.cancellations.get(21L).reason(), runner.cancellations.get(21L).reason().startsWith("lease lost"));

        FakePlugin.Build b = plugin.build(21);
        long lostAt = b.firstLeaseLostAt();
        assertTrue(lostAt > 0);
        Thread.sleep(500); // several heartbeat and flush intervals
        long lateCalls = b.calls.stream()
                .filter(c -> c.atNanos() > lostAt + TimeUnit.MILLISECONDS.toNanos(100)).count();
        assertEquals("calls for the build after its lease was lost: " + b.calls, 0, lateCalls);
        assertNull(b.finish);
        assertFalse("spool dropped", Files.exists(work(agent).resolve("spool/21")));

        plugin.enqueue(22); // the slot is free again
        awaitFinish(22);
    }

    @Test
    public void aCancelOnTheHeartbeatReplyCancelsTheRunningBuild() throws Exception {
        ScriptedRunner runner = runner(id -> List.of(new ScriptedRunner.Stage("long", 1000, 100, ms(10), 0),
                new ScriptedRunner.Stage("after", 1, 10, ms(0), 0)));
        start(config(tmp.newFolder().toPath()), runner);
        plugin.enqueue(31);
        await("running", () -> plugin.build(31).held() > 0);
        plugin.requestCancel(31, "cancelled by alice");
        FinishRequest finish = awaitFinish(31);
        assertEquals(BuildResult.CANCELLED, finish.result());
        assertEquals("cancelled by alice", runner.cancellations.get(31L).reason());
        assertEquals("cancelled by alice", finish.message());
        assertArrayEquals(runner.producedBytes(31), plugin.build(31).logBytes());
        assertEquals(List.of("0:RUNNING", "0:CANCELLED", "1:CANCELLED"), FakePlugin.statuses(plugin.build(31).stages));
    }

    @Test
    public void heartbeatsComeAtLeastThreeTimesPerLeaseTheJobGrants() throws Exception {
        plugin.leaseSeconds = 3; // shorter than the configured 5 s interval: beating every 5 s would lose the lease
        AgentConfig.Timings f = FAST;
        AgentConfig.Timings everyFiveSeconds = new AgentConfig.Timings(Duration.ofSeconds(5), f.connectTimeout(),
                f.callTimeout(), f.pollTimeout(), f.backoffInitial(), f.backoffMax(), f.logFlushInterval(),
                f.diskCheckInterval(), f.unreachableHealthAfter(), f.deliveryTimeout());
        ScriptedRunner runner = runner(id -> List.of(new ScriptedRunner.Stage("long", 1000, 100, ms(10), 0)));
        start(config(tmp.newFolder().toPath()).timings(everyFiveSeconds), runner);
        plugin.enqueue(41);
        await("running", () -> plugin.build(41).held() > 0);
        long from = System.nanoTime();
        Thread.sleep(2600);
        long beats = plugin.build(41).calls.stream()
                .filter(c -> c.kind().equals("heartbeat") && c.atNanos() >= from).count();
        assertTrue("heartbeats in 2.6 s under a 3 s lease: " + beats, beats >= 2);
    }

    @Test
    public void aStagesFirstOutputGoesAtOnceAndALiveTailWaitsForTheFlushInterval() throws Exception {
        AgentConfig.Timings hourly = withFlushInterval(Duration.ofHours(1));
        // two writes 2 s apart, then the stage ends
        ScriptedRunner runner = runner(id -> List.of(new ScriptedRunner.Stage("s", 2, 100, Duration.ofSeconds(2), 0)));
        start(config(tmp.newFolder().toPath()).timings(hourly), runner);
        plugin.enqueue(81);
        await("the stage's first output at the plugin", () -> plugin.build(81).held() > 0);
        long atOnce = plugin.build(81).held();
        // the second write comes within the hour-long interval of the first send: it waits (for the stage's end)
        await("the second write", () -> runner.producedBytes(81).length > atOnce);
        Thread.sleep(300);
        assertEquals("a live tail is not sent before its interval is over", atOnce, plugin.build(81).held());
        awaitFinish(81);
        assertTrue("the first write went before the second was made: " + atOnce + " of "
                + runner.producedBytes(81).length, atOnce < runner.producedBytes(81).length);
        assertArrayEquals(runner.producedBytes(81), plugin.build(81).logBytes());
    }

    @Test
    public void ocelotsOwnLinesDoNotHoldBackTheStageOutputAfterThem() throws Exception {
        AgentConfig.Timings hourly = withFlushInterval(Duration.ofHours(1));
        // as the engine: the stage's start marker (a SYSTEM line) goes out at once, its first output 100 ms later
        CountDownLatch end = new CountDownLatch(1);
        byte[] marker = "▶ stage 1/1: s\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] first = "first-line\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        BuildRunner engine = (request, listener, cancellation) -> {
            listener.stageStarted(0, "s");
            listener.log(0, LogStream.SYSTEM, marker);
            try {
                Thread.sleep(100);
                listener.log(0, LogStream.STDOUT, first);
                end.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            StageResult r = new StageResult(0, "s", StageStatus.PASSED, 0, 100, null);
            listener.stageFinished(r);
            BuildOutcome o = new BuildOutcome(BuildResult.PASSED, null, List.of(r));
            listener.buildFinished(o);
            return o;
        };
        startAgent(config(tmp.newFolder().toPath()).timings(hourly).build(), engine);
        plugin.enqueue(82);
        await("the stage's first output at the plugin while the stage runs, not an interval later",
                () -> plugin.build(82).held() == marker.length + first.length);
        end.countDown();
        awaitFinish(82);
    }

    @Test
    public void noHeartbeatFollowsTheFinishSoNoBuildLooksLikeALostLease() throws Exception {
        // the finish is accepted at once but answered after 4 heartbeat intervals: a beat sent meanwhile or after
        // would find the lease over (409), be taken for a lost lease and drop the build's spool
        plugin.finishReplyDelayMillis = 400;
        ScriptedRunner runner = runner(id -> List.of(new ScriptedRunner.Stage("s", 20, 100, ms(15), 0)));
        start(config(tmp.newFolder().toPath()), runner);
        for (long id = 61; id <= 63; id++) {
            plugin.enqueue(id);
            awaitFinish(id);
        }
        Thread.sleep(500); // more heartbeat intervals, with every build delivered
        for (long id = 61; id <= 63; id++) {
            FakePlugin.Build b = plugin.build(id);
            assertTrue("build " + id + " was heartbeaten while it ran",
                    b.calls.stream().anyMatch(c -> c.kind().equals("heartbeat")));
            long finishAt = b.calls.stream().filter(c -> c.kind().equals("finish")).mapToLong(FakePlugin.Call::atNanos)
                    .min().orElseThrow();
            assertEquals("calls answered 409 for build " + id, List.of(),
                    b.calls.stream().filter(c -> c.status() == 409).toList());
            assertEquals("heartbeats after the finish of build " + id, 0,
                    b.calls.stream().filter(c -> c.kind().equals("heartbeat") && c.atNanos() > finishAt).count());
        }
    }

    @Test
    public void theResultIsDeliveredWhileTheEngineCleansUpAndTheSlotIsFreedOnlyAfterIt() throws Exception {
        ScriptedRunner runner = runner(id -> List.of(new ScriptedRunner.Stage("s", 3, 100, ms(5), 0)));
        CountDownLatch cleanUp = new CountDownLatch(1);
        runner.cleanUps.put(71L, cleanUp);
        start(config(tmp.newFolder().toPath()).maxBuilds(1), runner);
        plugin.enqueue(71);
        plugin.enqueue(72);
        FinishRequest finish = awaitFinish(71);
        assertEquals(BuildResult.PASSED, finish.result());
        assertArrayEquals("the whole log before the finish", runner.producedBytes(71), plugin.build(71).logBytes());
        assertFalse("the engine is still cleaning up build 71", runner.returned.contains(71L));
        int pollsBefore = plugin.polls.size();
        Thread.sleep(300); // longer than the poll hold: a free slot would have leased build 72 by now
        assertEquals("build 72 waits for build 71's clean-up", 1, runner.startedLatch(72).getCount());
        assertTrue("build 72 is still queued", plugin.queued(72));
        assertEquals("no poll while the one slot is the cleaning build's", pollsBefore, plugin.polls.size());
        cleanUp.countDown();
        awaitFinish(72);
        assertArrayEquals(runner.producedBytes(72), plugin.build(72).logBytes());
    }

    // ---- capacity ----

    @Test
    public void neverRunsMoreThanMaxBuildsAtOnce() throws Exception {
        ScriptedRunner runner = runner(id -> List.of(new ScriptedRunner.Stage("s", 10, 100, ms(20), 0)));
        start(config(tmp.newFolder().toPath()).maxBuilds(2), runner);
        for (long id = 41; id <= 45; id++) {
            plugin.enqueue(id);
        }
        for (long id = 41; id <= 45; id++) {
            awaitFinish(id);
            assertArrayEquals(runner.producedBytes(id), plugin.build(id).logBytes());
        }
        assertEquals("at most 2, and the 2 were used", 2, runner.maxConcurrent.get());
        for (var poll : plugin.polls) {
            assertTrue("free slots announced within 1..2: " + poll, poll.freeSlots() >= 1 && poll.freeSlots() <= 2);
        }
    }

    @Test
    public void stopsPollingBelowTheDiskFloorAndSaysSoInHealth() throws Exception {
        AtomicLong free = new AtomicLong(1024);
        ScriptedRunner runner = runner(id -> twoStages());
        Agent agent = startAgent(config(tmp.newFolder().toPath()).diskFloor("1MiB").metricsPort(freePort()).build(),
                runner, free::get);
        await("health says why", () -> health(agent).body().contains("disk below floor"));
        assertEquals(503, health(agent).statusCode());
        Thread.sleep(300);
        assertTrue("no poll while below the floor", plugin.polls.isEmpty());

        free.set(1L << 30);
        plugin.enqueue(51);
        awaitFinish(51);
        assertEquals(200, health(agent).statusCode());
    }

    // ---- shutdown ----

    @Test
    public void shutdownDrainsTheRunningBuildDeliversItAndTakesNoNewWork() throws Exception {
        ScriptedRunner runner = runner(id -> List.of(new ScriptedRunner.Stage("s", 40, 100, ms(20), 0)));
        Agent agent = start(config(tmp.newFolder().toPath()).metricsPort(freePort()), runner);
        plugin.enqueue(61);
        await("running", () -> plugin.build(61).held() > 0);
        agent.shutdown("SIGTERM");
        int pollsAtShutdown = plugin.polls.size();
        assertTrue(health(agent).body().contains("draining: SIGTERM"));
        plugin.enqueue(62);
        assertTrue(agent.awaitExit(WAIT));
        assertEquals(0, agent.exitCode());
        FinishRequest finish = plugin.build(61).finish;
        assertNotNull("delivered before exit", finish);
        assertEquals(BuildResult.PASSED, finish.result());
        assertArrayEquals(runner.producedBytes(61), plugin.build(61).logBytes());
        assertEquals(pollsAtShutdown, plugin.polls.size());
        assertTrue("no new work taken", plugin.queued(62));
    }

    @Test
    public void buildsStillRunningAtTheDrainTimeoutAreHandedBackNotCancelled() throws Exception {
        ScriptedRunner runner = runner(id -> List.of(new ScriptedRunner.Stage("forever", 100000, 100, ms(10), 0)));
        Path work = tmp.newFolder().toPath();
        Agent agent = start(config(work).drainTimeout("200ms"), runner);
        plugin.enqueue(71);
        await("running", () -> plugin.build(71).held() > 0);
        agent.shutdown("SIGTERM");
        assertTrue(agent.awaitExit(WAIT));
        assertEquals(0, agent.exitCode());
        var released = plugin.build(71).released;
        assertNotNull("handed back to the plugin", released);
        assertTrue(released.reason(), released.reason().contains("drain timeout"));
        assertNull("no CANCELLED finish: the build is requeued, not ended", plugin.build(71).finish);
        assertTrue("the engine was stopped", runner.cancellations.get(71L).isCancelled());
        assertTrue("nothing of the attempt is kept to be delivered at the next start",
                !java.nio.file.Files.exists(work.resolve("spool/71")));
    }

    @Test
    public void cancelNowCancelsRunningBuildsWithoutWaitingForTheDrainTimeout() throws Exception {
        ScriptedRunner runner = runner(id -> List.of(new ScriptedRunner.Stage("forever", 100000, 100, ms(10), 0)));
        Agent agent = start(config(tmp.newFolder().toPath()).drainTimeout("1h"), runner);
        plugin.enqueue(72);
        await("running", () -> plugin.build(72).held() > 0);
        agent.shutdown("SIGINT");
        agent.cancelNow("second SIGINT");
        assertTrue(agent.awaitExit(WAIT));
        assertEquals(BuildResult.CANCELLED, plugin.build(72).finish.result());
    }

    // ---- metrics ----

    @Test
    public void metricsCountBuildsStagesQueueWaitAndDockerErrors() throws Exception {
        ScriptedRunner runner = runner(id -> twoStages());
        AtomicInteger gcCalls = new AtomicInteger();
        AgentConfig cfg = config(tmp.newFolder().toPath()).metricsPort(freePort()).gcInterval("100ms").build();
        Agent agent = startAgent(cfg, settings -> new EngineParts(runner,
                (name, running) -> {
                    throw new IllegalStateException("docker daemon unreachable");
                },
                unusedFor -> gcCalls.incrementAndGet()), () -> Long.MAX_VALUE);
        plugin.enqueue(81);
        awaitFinish(81);
        await("garbage collection ran", () -> gcCalls.get() >= 1);
        await("finish counted", () -> metrics(agent).contains("ocelot_werker_builds_finished_total{result=\"PASSED\"} 1"));
        String m = metrics(agent);
        assertTrue(m, m.contains("ocelot_werker_builds_running 0"));
        assertTrue(m, m.contains("ocelot_werker_builds_finished_total{result=\"FAILED\"} 0"));
        assertTrue(m, m.contains("ocelot_werker_stage_duration_seconds_count{status=\"PASSED\"} 2"));
        assertTrue(m, m.contains("ocelot_werker_queue_wait_seconds_count 1"));
        assertTrue("the plugin's queue time is used", m.contains("ocelot_werker_queue_wait_seconds_sum 1.234"));
        assertTrue(m, m.contains("ocelot_werker_spool_pending_bytes 0"));
        assertTrue("start-up and periodic reaping failed: " + m, m.matches("(?s).*ocelot_werker_docker_errors_total ([2-9]|[1-9][0-9]+).*"));
    }

    // ---- helpers ----

    private final AtomicInteger reapedAtStart = new AtomicInteger();

    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    static List<ScriptedRunner.Stage> twoStages() {
        return List.of(new ScriptedRunner.Stage("build", 8, 200, ms(10), 0),
                new ScriptedRunner.Stage("test", 8, 300, ms(10), 0));
    }

    private static AgentConfig.Timings withDeliveryTimeout(Duration d) {
        AgentConfig.Timings f = FAST;
        return new AgentConfig.Timings(f.heartbeatInterval(), f.connectTimeout(), f.callTimeout(), f.pollTimeout(),
                f.backoffInitial(), f.backoffMax(), f.logFlushInterval(), f.diskCheckInterval(),
                f.unreachableHealthAfter(), d);
    }

    private ScriptedRunner runner(LongFunction<List<ScriptedRunner.Stage>> scripts) {
        return new ScriptedRunner(scripts);
    }

    private AgentConfig.Builder config(Path work) {
        return configWithoutToken(work).token(FakePlugin.PRESET_TOKEN);
    }

    private AgentConfig.Builder configWithoutToken(Path work) {
        return new AgentConfig.Builder().server(plugin.url()).name("werker-test")
                .workDir(work).diskFloor("0").drainTimeout("10s").timings(FAST);
    }

    /** {@link #FAST}, with the log flush interval {@code interval}. */
    private static AgentConfig.Timings withFlushInterval(Duration interval) {
        AgentConfig.Timings f = FAST;
        return new AgentConfig.Timings(f.heartbeatInterval(), f.connectTimeout(), f.callTimeout(), f.pollTimeout(),
                f.backoffInitial(), f.backoffMax(), interval, f.diskCheckInterval(), f.unreachableHealthAfter(),
                f.deliveryTimeout());
    }

    private Agent start(AgentConfig.Builder cfg, ScriptedRunner runner) throws Exception {
        return startAgent(cfg.build(), runner);
    }

    private Agent startAgent(AgentConfig cfg, BuildRunner runner) throws Exception {
        return startAgent(cfg, runner, () -> Long.MAX_VALUE);
    }

    private Agent startAgent(AgentConfig cfg, BuildRunner runner, java.util.function.LongSupplier free) throws Exception {
        return startAgent(cfg, settings -> new EngineParts(runner, (name, running) -> {
            assertEquals("werker-test", name);
            if (running.isEmpty()) {
                reapedAtStart.incrementAndGet();
            }
            Set<Long> found = reaped.remove(13L);
            return found == null ? Set.of() : found;
        }, unusedFor -> { }), free);
    }

    private Agent startAgent(AgentConfig cfg, EngineFactory engines, java.util.function.LongSupplier free) throws Exception {
        Agent agent = new Agent(cfg, engines, free);
        agent.start();
        agents.add(agent);
        return agent;
    }

    private void stop(Agent agent) throws InterruptedException {
        agent.shutdown("test");
        assertTrue(agent.awaitExit(WAIT));
        assertEquals(0, agent.exitCode());
        agents.remove(agent);
    }

    private static Path work(Agent agent) {
        return agent.config().workDir();
    }

    private FinishRequest awaitFinish(long id) {
        await("build " + id + " finished and delivered", () -> plugin.build(id) != null && plugin.build(id).finish != null);
        return plugin.build(id).finish;
    }

    static void await(String what, BooleanSupplier condition) {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> health(Agent agent) {
        return get(agent.statusPort(), "/health");
    }

    private static String metrics(Agent agent) {
        HttpResponse<String> r = get(agent.statusPort(), "/metrics");
        assertEquals(200, r.statusCode());
        return r.body();
    }
}
