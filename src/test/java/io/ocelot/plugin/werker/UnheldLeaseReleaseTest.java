package io.ocelot.plugin.werker;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.Fixture;
import org.junit.After;
import org.junit.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * A werker's poll lists the builds it holds ({@code PollRequest.running}); a lease on a build it does not list,
 * granted before that poll came, is released at once — requeued at the front with the next attempt, or "werker lost"
 * after the last — instead of waiting for the lease to expire. On the real AO ORM.
 */
public class UnheldLeaseReleaseTest {
    private final Fixture f = new Fixture();

    @After
    public void close() {
        f.close();
    }

    private Job poll(Werker w, int freeSlots, Long... running) throws InterruptedException {
        return f.s.werkers.poll(w, new PollRequest(Protocol.VERSION, freeSlots, List.of(running))).orElse(null);
    }

    /** The next poll comes a moment later, as it does: the lease was granted before it. */
    private void later() {
        f.clock.advance(Duration.ofMillis(1));
    }

    @Test
    public void aWerkerThatRestartedWithoutItsBuildGetsItRequeuedAtOnceAndItsOldLeaseIs409() throws Exception {
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "build", "test"));
        Werker w = f.werker("w");
        Job first = poll(w, 1);
        f.s.werkers.stage(w, b.id(), new StageUpdate(first.lease(), 0, "build", StageStatus.RUNNING, null,
                f.clock.millis(), 0, null));
        Build newer = f.queued(sha(2), plan("ocelot/busybox", null, "build"));

        // The werker restarts: its container is gone, its first poll lists nothing. No lease has expired.
        later();
        Job again = poll(w, 1);
        assertEquals("requeued at the front, ahead of the newer build", b.id(), again.buildId());
        assertEquals(2, again.lease().attempt());
        Build now = f.s.builds.find(b.id()).orElseThrow();
        assertEquals(BuildState.RUNNING, now.state());
        assertEquals(StageStatus.PENDING, f.s.builds.stages(b.id()).get(0).status());
        assertTrue("the requeue published", f.statuses.forCommit(sha(1)).stream()
                .anyMatch(s -> s.description() != null && s.description().startsWith("queued")));

        // Anything still under the old lease (a delivery from before the restart) is refused.
        expect409(() -> f.s.werkers.heartbeat(w, b.id(), new Heartbeat(first.lease(), 0)));
        expect409(() -> f.s.werkers.log(w, b.id(), new LogAppend(first.lease(), 0, 0, LogStream.STDOUT,
                "old".getBytes())));
        expect409(() -> f.s.werkers.finish(w, b.id(), new FinishRequest(first.lease(), BuildResult.PASSED, null, 0)));
        // ... while the new attempt, which it now lists, goes on.
        later();
        assertEquals(newer.id(), poll(w, 1, b.id()).buildId());
        f.s.werkers.heartbeat(w, b.id(), new Heartbeat(again.lease(), 0));
        assertEquals(BuildState.RUNNING, f.s.builds.find(newer.id()).orElseThrow().state());
    }

    @Test
    public void leasesOfListedBuildsAndOfOtherWerkersAreKept() throws Exception {
        Build one = f.queued(sha(1), plan("ocelot/busybox", null, "a"));
        Build two = f.queued(sha(2), plan("ocelot/busybox", null, "a"));
        Build three = f.queued(sha(3), plan("ocelot/busybox", null, "a"));
        Werker w = f.werker("w");
        Werker other = f.werker("other");
        Job j1 = poll(w, 2);
        later();
        Job j2 = poll(w, 1, one.id());
        later();
        Job j3 = poll(other, 1);
        assertEquals(List.of(one.id(), two.id(), three.id()), List.of(j1.buildId(), j2.buildId(), j3.buildId()));

        later();
        assertEquals(null, poll(w, 0, two.id(), one.id())); // holds both: nothing released, nothing new
        later();
        assertEquals(null, poll(other, 1, three.id()));
        for (Build b : List.of(one, two, three)) {
            Build now = f.s.builds.find(b.id()).orElseThrow();
            assertEquals(BuildState.RUNNING, now.state());
            assertEquals(1, now.attempt());
        }
        f.s.werkers.heartbeat(w, one.id(), new Heartbeat(j1.lease(), 0));
        f.s.werkers.heartbeat(w, two.id(), new Heartbeat(j2.lease(), 0));
        f.s.werkers.heartbeat(other, three.id(), new Heartbeat(j3.lease(), 0));

        // A poll without a list says nothing about what the werker holds: nothing is released.
        later();
        assertEquals(null, f.s.werkers.poll(w, new PollRequest(Protocol.VERSION, 0, null)).orElse(null));
        assertEquals(BuildState.RUNNING, f.s.builds.find(one.id()).orElseThrow().state());

        // A werker that lists one of two builds loses only the other.
        later();
        poll(w, 0, two.id());
        assertEquals(BuildState.QUEUED, f.s.builds.find(one.id()).orElseThrow().state());
        assertEquals(BuildState.RUNNING, f.s.builds.find(two.id()).orElseThrow().state());
        assertEquals(BuildState.RUNNING, f.s.builds.find(three.id()).orElseThrow().state());
    }

    @Test
    public void aLeaseGrantedAfterThePollCameIsLeftAlone() throws Exception {
        // A werker gave up on a held poll (its client timed out) and polled again; the plugin, still holding the old
        // poll, leases a build in it. The new poll came before that lease was granted, so its list cannot name the
        // build even if its check runs after the grant: the lease must survive it.
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "a"));
        Werker w = f.werker("w");
        long newPollCame = f.clock.millis();
        later();
        Job granted = poll(w, 1); // the old poll's lease, granted a moment after the new poll came
        assertTrue(f.s.buildQueue.releaseUnheld(w.id(), w.name(), List.of(), newPollCame).isEmpty());
        assertTrue("granted in the same millisecond: cannot tell the order, left alone",
                f.s.buildQueue.releaseUnheld(w.id(), w.name(), List.of(), f.clock.millis()).isEmpty());
        f.s.werkers.heartbeat(w, b.id(), new Heartbeat(granted.lease(), 0));

        // The werker's next poll, after the lost reply, does not list it: released then.
        later();
        List<Build> released = f.s.buildQueue.releaseUnheld(w.id(), w.name(), List.of(), f.clock.millis());
        assertEquals(List.of(b.id()), released.stream().map(Build::id).toList());
        assertEquals(BuildState.QUEUED, f.s.builds.find(b.id()).orElseThrow().state());
    }

    @Test
    public void aPollInFlightWhenTheBuildIsLeasedInTheSameCallKeepsIt() throws Exception {
        // The poll that grants a lease does its check when it comes, before it waits: it never releases its own.
        Werker w = f.werker("w");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Job> held = pool.submit(() -> poll(w, 1));
            Thread.sleep(50);
            Build b = f.queued(sha(1), plan("ocelot/busybox", null, "a"));
            f.s.signal.wakeUp();
            Job job = held.get(5, TimeUnit.SECONDS);
            assertEquals(b.id(), job.buildId());
            assertEquals(BuildState.RUNNING, f.s.builds.find(b.id()).orElseThrow().state());
            f.s.werkers.heartbeat(w, b.id(), new Heartbeat(job.lease(), 0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void theLastAttemptEndsWerkerLostAndACancelledBuildEndsCancelled() throws Exception {
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "build", "test"));
        Werker w = f.werker("w");
        Job job = poll(w, 1);
        for (int attempt = 2; attempt <= 3; attempt++) {
            later();
            job = poll(w, 1); // restarted again: released, and leased to it afresh
            assertEquals(attempt, job.lease().attempt());
        }
        f.s.werkers.stage(w, b.id(), new StageUpdate(job.lease(), 0, "build", StageStatus.RUNNING, null,
                f.clock.millis(), 0, null));
        later();
        assertEquals(null, poll(w, 0));
        Build lost = f.s.builds.find(b.id()).orElseThrow();
        assertEquals(BuildState.FINISHED, lost.state());
        assertEquals(BuildResult.ERRORED, lost.outcome());
        assertEquals("werker lost: werker 'w' polled without it (restarted?) on attempt 3 of 3", lost.message());
        List<Stage> stages = f.s.builds.stages(b.id());
        assertEquals(StageStatus.FAILED, stages.get(0).status());
        assertEquals(StageStatus.CANCELLED, stages.get(1).status());
        var statuses = f.statuses.forCommit(sha(1));
        assertEquals(StatusState.FAILED, statuses.get(statuses.size() - 1).state());

        Build c = f.queued(sha(2), plan("ocelot/busybox", null, "build"));
        later();
        Job cj = poll(w, 1);
        assertEquals(c.id(), cj.buildId());
        f.s.buildQueue.cancel(c.id(), "cancelled by alice");
        later();
        poll(w, 0);
        Build cancelled = f.s.builds.find(c.id()).orElseThrow();
        assertEquals(BuildResult.CANCELLED, cancelled.outcome());
        assertEquals("cancelled by alice", cancelled.message());
    }

    private static void expect409(ThrowingCall call) throws Exception {
        try {
            call.run();
            fail("a call under the released lease was accepted");
        } catch (WerkerApiException e) {
            assertEquals(409, e.status());
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
