package io.ocelot.plugin.werker;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.Fixture;
import org.junit.After;
import org.junit.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** The queue on the real AO ORM: leasing races, machine tags, lease expiry and werker loss. */
public class QueueAndLeaseTest {
    private final Fixture f = new Fixture();

    @After
    public void close() {
        f.close();
    }

    private PollRequest poll() {
        return new PollRequest(Protocol.VERSION, 1, List.of());
    }

    @Test
    public void concurrentPollersLeaseEachBuildExactlyOnce() throws Exception {
        int buildCount = 12;
        Set<Long> queued = new HashSet<>();
        for (int i = 0; i < buildCount; i++) {
            queued.add(f.queued(sha(i), plan("ocelot/busybox", null, "a")).id());
        }
        List<Werker> werkers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            werkers.add(f.werker("w" + i));
        }
        ConcurrentLinkedQueue<Long> leased = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(werkers.size());
        ExecutorService pool = Executors.newFixedThreadPool(werkers.size());
        List<Future<?>> done = new ArrayList<>();
        for (Werker w : werkers) {
            done.add(pool.submit((Callable<Void>) () -> {
                start.await();
                while (true) {
                    Optional<Job> job = f.s.werkers.poll(w, poll());
                    if (job.isEmpty()) {
                        return null; // queue drained (held the short test poll without a build)
                    }
                    leased.add(job.get().buildId());
                }
            }));
        }
        for (Future<?> d : done) {
            d.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals("every lease is of a distinct build", leased.size(), new HashSet<>(leased).size());
        assertEquals(queued, new HashSet<>(leased));
        for (long id : queued) {
            assertEquals(BuildState.RUNNING, f.s.builds.find(id).orElseThrow().state());
        }
    }

    @Test
    public void machineTagBuildsGoOnlyToWerkersWithThatLabel() throws Exception {
        Build tagged = f.queued(sha(1), plan(null, "gpu", "a"));
        Build image = f.queued(sha(2), plan("ocelot/busybox", null, "a"));
        Werker plain = f.werker("plain");
        Werker gpu = f.werker("gpu-box", "gpu");

        Job first = f.s.werkers.poll(plain, poll()).orElseThrow();
        assertEquals("the image build, although the tagged one is older", image.id(), first.buildId());
        assertTrue("nothing else for a werker without the label", f.s.werkers.poll(plain, poll()).isEmpty());
        assertEquals(tagged.id(), f.s.werkers.poll(gpu, poll()).orElseThrow().buildId());
    }

    @Test
    public void repositoryWerkerLabelsRestrictWhoRunsItsBuildsEvenAfterARequeue() throws Exception {
        f.enable(RepositorySettings.enabledWithDefaults(f.repo).withWerkerLabels(List.of("linux", "docker")));
        f.files.put(f.repo, sha(1), "ocelot.yml", "anything");
        f.planNext(plan("ocelot/busybox", null, "a"));
        f.s.triggers.handle(io.ocelot.plugin.trigger.TriggerRequest.push(f.repo, "refs/heads/main", "main", null, sha(1),
                "alice"));
        long restricted = f.s.builds.byCommitPrefix(f.repo.id(), sha(1), 1).get(0).id();
        Werker linuxOnly = f.werker("linux-only", "linux");
        Werker unlabelled = f.werker("plain");
        Werker both = f.werker("both", "docker", "linux", "big");

        assertTrue("a werker with only some of the labels gets nothing", f.s.werkers.poll(linuxOnly, poll()).isEmpty());
        assertTrue(f.s.werkers.poll(unlabelled, poll()).isEmpty());
        assertEquals(BuildState.QUEUED, f.s.builds.find(restricted).orElseThrow().state());
        Job job = f.s.werkers.poll(both, poll()).orElseThrow();
        assertEquals(restricted, job.buildId());

        f.clock.advance(Duration.ofSeconds(21));
        assertEquals(1, f.s.reaper.run().requeued());
        assertTrue("the requeued attempt keeps the restriction", f.s.werkers.poll(linuxOnly, poll()).isEmpty());
        assertEquals(2, f.s.werkers.poll(both, poll()).orElseThrow().lease().attempt());
    }

    @Test
    public void buildsNoWerkerMayTakeWaitWithoutHidingTheOnesBehindThem() throws Exception {
        List<Long> stuck = new ArrayList<>();
        for (int i = 0; i < 120; i++) { // more than one page of tickets ahead of the one a plain werker may take
            stuck.add(f.s.buildQueue.enqueue(new io.ocelot.plugin.build.NewBuild(f.repo, "main", "refs/heads/main", sha(i),
                    "default", io.ocelot.core.plan.TriggerKind.PUSH, 0, "alice", plan("ocelot/busybox", null, "a"), null,
                    null, null, List.of("arm64"))).build().id());
        }
        Build free = f.queued(sha(500), plan("ocelot/busybox", null, "a"));
        Werker plain = f.werker("plain", "linux");
        assertEquals(free.id(), f.s.werkers.poll(plain, poll()).orElseThrow().buildId());
        assertTrue(f.s.werkers.poll(plain, poll()).isEmpty());
        for (long id : stuck) {
            assertEquals(BuildState.QUEUED, f.s.builds.find(id).orElseThrow().state());
        }
        assertEquals(stuck.get(0), (Long) f.s.werkers.poll(f.werker("arm", "arm64"), poll()).orElseThrow().buildId());
    }

    @Test
    public void pollIsWokenWhenABuildIsQueued() throws Exception {
        Fixture slow = new Fixture(new io.ocelot.plugin.config.OcelotConfig()
                .with(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20)));
        try {
            Werker w = slow.werker("w");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<Optional<Job>> held = pool.submit(() -> slow.s.werkers.poll(w, poll()));
            Thread.sleep(300);
            assertFalse("held while the queue is empty", held.isDone());
            slow.enable();
            slow.files.put(slow.repo, sha(9), "ocelot.yml", "anything");
            slow.planNext(plan("ocelot/busybox", null, "a"));
            slow.s.triggers.handle(io.ocelot.plugin.trigger.TriggerRequest.push(slow.repo, "refs/heads/main", "main",
                    null, sha(9), "alice"));
            // the re-check interval is 20 s: only the in-node signal can return this within 5 s
            assertEquals(sha(9), held.get(5, TimeUnit.SECONDS).orElseThrow().commit());
            pool.shutdown();
        } finally {
            slow.close();
        }
    }

    @Test
    public void expiredLeaseRequeuesAtTheFrontThenEndsWerkerLostWithTheRunningStageMarked() throws Exception {
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "build", "test"));
        Werker w = f.werker("w");
        Job job = f.s.werkers.poll(w, poll()).orElseThrow();
        assertEquals(1, job.lease().attempt());
        Build newer = f.queued(sha(2), plan("ocelot/busybox", null, "build"));

        f.clock.advance(Duration.ofSeconds(21));
        assertEquals(1, f.s.reaper.run().requeued());
        Build requeued = f.s.builds.find(b.id()).orElseThrow();
        assertEquals(BuildState.QUEUED, requeued.state());
        assertTrue(requeued.message(), requeued.message().contains("werker lost"));

        // The old werker's calls are refused now.
        try {
            f.s.werkers.heartbeat(w, b.id(), new Heartbeat(job.lease(), 0));
            fail("stale lease accepted");
        } catch (WerkerApiException e) {
            assertEquals(409, e.status());
        }

        // Front of the queue: the requeued build comes before the newer one, with the next attempt.
        Job second = f.s.werkers.poll(w, poll()).orElseThrow();
        assertEquals(b.id(), second.buildId());
        assertEquals(2, second.lease().attempt());
        f.s.werkers.stage(w, b.id(), new StageUpdate(second.lease(), 0, "build", StageStatus.PASSED, 0,
                f.clock.millis(), 5, null));
        f.s.werkers.stage(w, b.id(), new StageUpdate(second.lease(), 1, "test", StageStatus.RUNNING, null,
                f.clock.millis(), 0, null));
        f.clock.advance(Duration.ofSeconds(21));
        f.s.reaper.run();
        assertEquals(BuildState.QUEUED, f.s.builds.find(b.id()).orElseThrow().state());
        assertEquals("stages start afresh on a new attempt", StageStatus.PENDING,
                f.s.builds.stages(b.id()).get(0).status());

        Job third = f.s.werkers.poll(w, poll()).orElseThrow();
        assertEquals(3, third.lease().attempt());
        f.s.werkers.stage(w, b.id(), new StageUpdate(third.lease(), 0, "build", StageStatus.PASSED, 0,
                f.clock.millis(), 5, null));
        f.s.werkers.heartbeat(w, b.id(), new Heartbeat(third.lease(), 1));
        f.clock.advance(Duration.ofSeconds(21));
        assertEquals(1, f.s.reaper.run().ended());

        Build lost = f.s.builds.find(b.id()).orElseThrow();
        assertEquals(BuildState.FINISHED, lost.state());
        assertEquals(BuildResult.ERRORED, lost.outcome());
        assertTrue(lost.message(), lost.message().startsWith("werker lost"));
        List<Stage> stages = f.s.builds.stages(b.id());
        assertEquals(StageStatus.PASSED, stages.get(0).status());
        assertEquals(StageStatus.FAILED, stages.get(1).status());
        assertTrue(stages.get(1).message(), stages.get(1).message().contains("werker lost"));
        var last = f.statuses.forCommit(sha(1));
        assertEquals(StatusState.FAILED, last.get(last.size() - 1).state());
        assertEquals(newer.id(), f.s.werkers.poll(w, poll()).orElseThrow().buildId());
    }

    @Test
    public void aNodeStartGivesRunningBuildsAFreshLeasePeriodBeforeTheReaperMayTakeThem() throws Exception {
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "build"));
        Werker w = f.werker("w");
        Job job = f.s.werkers.poll(w, poll()).orElseThrow();

        // the plugin was down longer than the lease; the werker could not heartbeat meanwhile
        f.clock.advance(Duration.ofSeconds(60));
        assertEquals(1, f.s.reaper.nodeStarted());
        assertEquals("nothing expired right after the start", 0, f.s.reaper.run().requeued());
        f.clock.advance(Duration.ofSeconds(19));
        assertEquals(0, f.s.reaper.run().requeued());
        f.s.werkers.heartbeat(w, b.id(), new Heartbeat(job.lease(), 0)); // the werker reports again: still its lease
        assertEquals(BuildState.RUNNING, f.s.builds.find(b.id()).orElseThrow().state());

        // a werker that died during the outage is still noticed, one lease period later
        f.clock.advance(Duration.ofSeconds(21));
        assertEquals(1, f.s.reaper.run().requeued());
    }

    @Test
    public void heartbeatKeepsTheLeaseAndCarriesCancelRequests() throws Exception {
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "a"));
        Werker w = f.werker("w");
        Job job = f.s.werkers.poll(w, poll()).orElseThrow();
        for (int i = 0; i < 5; i++) {
            f.clock.advance(Duration.ofSeconds(10));
            assertFalse(f.s.werkers.heartbeat(w, b.id(), new Heartbeat(job.lease(), 0)).cancel());
            f.s.reaper.run();
        }
        assertEquals("50 s of heartbeats keep a 20 s lease", BuildState.RUNNING,
                f.s.builds.find(b.id()).orElseThrow().state());
        assertTrue(f.s.buildQueue.cancel(b.id(), "cancelled by alice"));
        var reply = f.s.werkers.heartbeat(w, b.id(), new Heartbeat(job.lease(), 0));
        assertTrue(reply.cancel());
        assertEquals("cancelled by alice", reply.cancelReason());
        f.s.werkers.finish(w, b.id(), new FinishRequest(job.lease(), BuildResult.CANCELLED, null, 0));
        Build done = f.s.builds.find(b.id()).orElseThrow();
        assertEquals(BuildResult.CANCELLED, done.outcome());
        assertEquals("cancelled by alice", done.message());
    }

    @Test
    public void callsUnderAForgedOrOtherWerkersLeaseAre409() throws Exception {
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "a"));
        Werker w = f.werker("w");
        Werker other = f.werker("other");
        Job job = f.s.werkers.poll(w, poll()).orElseThrow();
        for (Runnable call : List.<Runnable>of(
                () -> f.s.werkers.heartbeat(w, b.id(), new Heartbeat(new LeaseRef(1, "forged"), null)),
                () -> f.s.werkers.heartbeat(w, b.id(), new Heartbeat(new LeaseRef(2, job.lease().leaseId()), null)),
                () -> f.s.werkers.heartbeat(other, b.id(), new Heartbeat(job.lease(), null)),
                () -> f.s.werkers.finish(other, b.id(), new FinishRequest(job.lease(), BuildResult.PASSED, null, 0)))) {
            try {
                call.run();
                fail("accepted");
            } catch (WerkerApiException e) {
                assertEquals(409, e.status());
            }
        }
        assertEquals(BuildState.RUNNING, f.s.builds.find(b.id()).orElseThrow().state());
    }

    @Test
    public void finishIsIdempotentAndWaitsForTheWholeLog() throws Exception {
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "a"));
        Werker w = f.werker("w");
        Job job = f.s.werkers.poll(w, poll()).orElseThrow();
        var log = new io.ocelot.core.protocol.Messages.LogAppend(job.lease(), 0, 0,
                io.ocelot.core.protocol.Messages.LogStream.STDOUT, "hi\n".getBytes());
        var notYet = f.s.werkers.finish(w, b.id(), new FinishRequest(job.lease(), BuildResult.PASSED, null, 3));
        assertFalse(notYet.accepted());
        assertEquals(0, notYet.logOffset());
        f.s.werkers.log(w, b.id(), log);
        assertTrue(f.s.werkers.finish(w, b.id(), new FinishRequest(job.lease(), BuildResult.PASSED, null, 3)).accepted());
        assertTrue("repeat", f.s.werkers.finish(w, b.id(), new FinishRequest(job.lease(), BuildResult.PASSED, null, 3)).accepted());
        assertEquals(BuildResult.PASSED, f.s.builds.find(b.id()).orElseThrow().outcome());
        var statuses = f.statuses.forCommit(sha(1));
        assertEquals(StatusState.SUCCESSFUL, statuses.get(statuses.size() - 1).state());
        assertEquals("a repeated finish publishes nothing new", 1,
                statuses.stream().filter(s -> s.state() == StatusState.SUCCESSFUL).count());
    }
}
