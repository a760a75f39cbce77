package io.ocelot.plugin.queue;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.NewBuild;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.store.QueueStore;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.build.Werker;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Every build transition runs its effects once, and only when it happened: one status per transition (none for a
 * transition that lost its race or did not apply), the build-end listener once per ended build, held polls woken
 * when a build is queued or a werker slot is freed, a superseded build cancelled once. The real queue on the real
 * stores; the listener is a recording one.
 */
public class BuildQueueTest {
    private Fixture f;
    private final List<Build> ended = new ArrayList<>();
    private BuildQueue queue;
    private final BuildPlan plan = plan("ocelot/busybox", null, "build", "test");

    @Before
    public void setUp() {
        f = new Fixture();
        f.enable();
        queue = new BuildQueue(f.db.ao(), f.s.builds, f.s.queue, f.s.statuses, f.s.signal, ended::add, f.s.config,
                f.clock);
    }

    @After
    public void tearDown() {
        f.close();
    }

    private NewBuild push(String branch, int n) {
        return new NewBuild(f.repo, branch, "refs/heads/" + branch, sha(n), plan.pipeline(), TriggerKind.PUSH, 0,
                "alice", plan, null);
    }

    private List<BuildStatus> statuses(int n) {
        return f.statuses.forCommit(sha(n));
    }

    private Build claim(Werker w) {
        return queue.claimNext(w.id(), w.labels(), b -> b).orElseThrow();
    }

    @Test
    public void enqueuePublishesOnceWakesThePollsAndCarriesItsIdInThePlan() {
        long woken = f.s.signal.generation();
        Build b = queue.enqueue(push("main", 1)).build();
        assertEquals(1, statuses(1).size());
        assertEquals(StatusState.INPROGRESS, statuses(1).get(0).state());
        assertEquals(woken + 1, f.s.signal.generation());
        assertEquals("BUILD_ID is the stored build's id", String.valueOf(b.id()),
                b.plan().stages().get(0).env().get("BUILD_ID"));
        assertEquals(1, f.s.queue.waiting(List.of(), 10).size());

        assertFalse("the same identity again", queue.enqueue(push("main", 1)).created());
        assertEquals("nothing published for the existing build", 1, statuses(1).size());
        assertEquals("nor any poll woken", woken + 1, f.s.signal.generation());
        assertEquals(1, f.s.queue.waiting(List.of(), 10).size());
    }

    @Test
    public void aBuildRecordedAsFailedIsPublishedOnceAndNeverQueued() {
        long woken = f.s.signal.generation();
        Build b = queue.enqueue(new NewBuild(f.repo, "main", "refs/heads/main", sha(1), BuildPlan.DEFAULT_PIPELINE,
                TriggerKind.PUSH, 0, "alice", null, "ocelot.yml is invalid")).build();
        assertEquals(BuildState.FINISHED, b.state());
        assertEquals(List.of(StatusState.FAILED), statuses(1).stream().map(BuildStatus::state).toList());
        assertEquals(woken, f.s.signal.generation());
        assertTrue(f.s.queue.waiting(List.of(), 10).isEmpty());
        assertTrue("the build-end listener is for builds that were leased", ended.isEmpty());
    }

    @Test
    public void supersedingCancelsEachOlderBuildOnceAndAsksARunningOneToStop() {
        Werker w = f.werker("w1");
        Build running = queue.enqueue(push("main", 1)).build();
        claim(w);
        Build waiting = queue.enqueue(push("main", 2)).build();
        Build otherBranch = queue.enqueue(push("feature", 3)).build();
        int before1 = statuses(1).size();

        Build newest = queue.enqueue(push("main", 4), true).build();

        Build cancelled = f.s.builds.find(waiting.id()).orElseThrow();
        assertEquals(BuildResult.CANCELLED, cancelled.outcome());
        assertEquals("superseded by build #" + newest.id() + " of " + sha(4), cancelled.message());
        assertEquals("queued, then cancelled: two statuses", List.of(StatusState.INPROGRESS, StatusState.CANCELLED),
                statuses(2).stream().map(BuildStatus::state).toList());
        Build asked = f.s.builds.find(running.id()).orElseThrow();
        assertEquals(BuildState.RUNNING, asked.state());
        assertTrue(asked.cancelRequested());
        assertEquals("a running build ends when its werker says so: nothing published yet", before1,
                statuses(1).size());
        assertEquals(BuildState.QUEUED, f.s.builds.find(otherBranch.id()).orElseThrow().state());
        assertEquals("the newest build is only queued", 1, statuses(4).size());

        queue.supersedeOlder(newest);
        assertEquals("an already cancelled build is not cancelled again", 2, statuses(2).size());
    }

    @Test
    public void aClaimPublishesOnceAndAnUnrunnableBuildEndsOnceBeforeTheNextIsClaimed() {
        Werker w = f.werker("w1");
        Build bad = queue.enqueue(push("main", 1)).build();
        Build good = queue.enqueue(push("main", 2)).build();
        Optional<Long> job = queue.claimNext(w.id(), w.labels(), b -> {
            if (b.id() == bad.id()) {
                throw new BuildQueue.CannotRun("the job cannot be made", null);
            }
            return b.id();
        });
        assertEquals(Optional.of(good.id()), job);
        assertEquals(List.of(StatusState.INPROGRESS, StatusState.FAILED),
                statuses(1).stream().map(BuildStatus::state).toList());
        Build errored = f.s.builds.find(bad.id()).orElseThrow();
        assertEquals(BuildResult.ERRORED, errored.outcome());
        assertEquals("the job cannot be made", errored.message());
        assertEquals(List.of(bad.id()), ended.stream().map(Build::id).toList());
        assertEquals("queued, then running", 2, statuses(2).size());
        assertEquals(BuildState.RUNNING, f.s.builds.find(good.id()).orElseThrow().state());
        assertTrue(queue.claimNext(w.id(), w.labels(), b -> b).isEmpty());
    }

    @Test
    public void aStageReportPublishesOnceUnderItsLeaseOnly() {
        Werker w = f.werker("w1");
        queue.enqueue(push("main", 1));
        Build b = claim(w);
        int before = statuses(1).size();
        assertTrue(queue.reportStage(b.id(), b.attempt(), b.leaseId(), 0, "build", StageStatus.RUNNING, null,
                f.clock.millis(), 0, null));
        assertEquals(before + 1, statuses(1).size());
        assertFalse("another lease", queue.reportStage(b.id(), b.attempt(), "not-the-lease", 0, "build",
                StageStatus.PASSED, 0, f.clock.millis(), 1, null));
        assertEquals(before + 1, statuses(1).size());
    }

    @Test
    public void finishPublishesNotifiesAndWakesOnceAndARepeatDoesNothing() {
        Werker w = f.werker("w1");
        queue.enqueue(push("main", 1));
        Build b = claim(w);
        int before = statuses(1).size();
        long woken = f.s.signal.generation();

        Build done = queue.finish(b.id(), b.leaseId(), BuildResult.PASSED, null).orElseThrow();
        assertEquals(BuildState.FINISHED, done.state());
        assertEquals(before + 1, statuses(1).size());
        assertEquals(StatusState.SUCCESSFUL, statuses(1).get(before).state());
        assertEquals(List.of(b.id()), ended.stream().map(Build::id).toList());
        assertEquals("a werker slot is free", woken + 1, f.s.signal.generation());
        assertEquals("the stages never reported end", List.of(StageStatus.CANCELLED, StageStatus.CANCELLED),
                f.s.builds.stages(b.id()).stream().map(s -> s.status()).toList());

        assertTrue(queue.finish(b.id(), b.leaseId(), BuildResult.FAILED, null).isEmpty());
        assertEquals(before + 1, statuses(1).size());
        assertEquals(1, ended.size());
        assertEquals(woken + 1, f.s.signal.generation());
    }

    @Test
    public void anExpiredLeaseIsRequeuedOnceAndEndsOnceAfterTheLastAttempt() {
        Werker w = f.werker("w1");
        queue.enqueue(push("main", 1));
        for (int attempt = 1; attempt <= f.s.config.maxAttempts(); attempt++) {
            Build b = claim(w);
            assertEquals(attempt, b.attempt());
            int before = statuses(1).size();
            long woken = f.s.signal.generation();
            f.clock.advance(Duration.ofSeconds(21));
            BuildQueue.Sweep sweep = queue.expireLeases();
            boolean last = attempt == f.s.config.maxAttempts();
            assertEquals(last ? new BuildQueue.Sweep(0, 1) : new BuildQueue.Sweep(1, 0), sweep);
            assertEquals(before + 1, statuses(1).size());
            assertEquals(last ? 1 : 0, ended.size());
            assertEquals(woken + 1, f.s.signal.generation());
            assertEquals("a second sweep finds nothing", new BuildQueue.Sweep(0, 0), queue.expireLeases());
            assertEquals(before + 1, statuses(1).size());
        }
        Build lost = f.s.builds.find(ended.get(0).id()).orElseThrow();
        assertEquals(BuildResult.ERRORED, lost.outcome());
        assertTrue(lost.message(), lost.message().startsWith("werker lost: no heartbeat for 20 s on attempt 3 of 3"));
    }

    @Test
    public void anUnheldLeaseIsReleasedOnceAndAHandBackRequeuesOnceWithoutCounting() {
        Werker w = f.werker("w1");
        queue.enqueue(push("main", 1));
        Build b = claim(w);
        f.clock.advance(Duration.ofSeconds(1));
        int before = statuses(1).size();
        List<Build> released = queue.releaseUnheld(w.id(), w.name(), List.of(), f.clock.millis());
        assertEquals(List.of(b.id()), released.stream().map(Build::id).toList());
        assertEquals(BuildState.QUEUED, released.get(0).state());
        assertEquals(before + 1, statuses(1).size());
        assertTrue("released already", queue.releaseUnheld(w.id(), w.name(), List.of(), f.clock.millis()).isEmpty());
        assertEquals(before + 1, statuses(1).size());

        Build again = claim(w);
        assertEquals(2, again.attempt());
        assertEquals("running again", before + 2, statuses(1).size());
        Build handedBack = queue.handBack(again.id(), again.leaseId(), "werker 'w1' stopped").orElseThrow();
        assertEquals(BuildState.QUEUED, handedBack.state());
        assertEquals("handed back: werker 'w1' stopped (attempt 2 not counted); requeued", handedBack.message());
        assertEquals(before + 3, statuses(1).size());
        assertTrue(queue.handBack(again.id(), again.leaseId(), "again").isEmpty());
        assertEquals(before + 3, statuses(1).size());
        assertTrue(ended.isEmpty());
        QueueStore.Ticket ticket = f.s.queue.waiting(List.of(), 10).get(0);
        assertEquals(3, ticket.attempt());
    }

    @Test
    public void cancelEndsAQueuedBuildOnceAndOnlyAsksARunningOne() {
        Werker w = f.werker("w1");
        Build queued = queue.enqueue(push("main", 1)).build();
        assertTrue(queue.cancel(queued.id(), "cancelled by alice"));
        assertEquals(List.of(StatusState.INPROGRESS, StatusState.CANCELLED),
                statuses(1).stream().map(BuildStatus::state).toList());
        assertTrue(f.s.queue.waiting(List.of(), 10).isEmpty());
        assertTrue("asked of a finished build: already stopped", !queue.cancel(queued.id(), "again"));
        assertEquals(2, statuses(1).size());

        queue.enqueue(push("main", 2));
        Build running = claim(w);
        int before = statuses(2).size();
        assertTrue(queue.cancel(running.id(), "cancelled by bob"));
        assertEquals(before, statuses(2).size());
        assertTrue(f.s.builds.find(running.id()).orElseThrow().cancelRequested());
        assertTrue(ended.isEmpty());
    }
}
