package io.ocelot.plugin.werker;

import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.testkit.TestDatabase;
import org.junit.After;
import org.junit.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Late werker writes racing a requeue at READ COMMITTED, the isolation Bitbucket runs AO at (docs/plugin.md
 * "Isolation"). Run by the PostgreSQL execution only (pom.xml): it needs a database whose waiting write proceeds on
 * the row as the other transaction left it. HSQLDB's SERIALIZABLE (the only level AO's HSQLDB provider runs without
 * deadlocking) is a snapshot, under which a read after the lock sees the old row: not the behaviour under test.
 */
public class ReadCommittedWindowTest {
    private final Fixture f = new Fixture();

    @After
    public void close() {
        f.close();
    }

    private Job lease(Werker w) throws InterruptedException {
        return f.s.werkers.poll(w, new PollRequest(Protocol.VERSION, 1, List.of())).orElseThrow();
    }

    /**
     * The window a blocked write leaves on PostgreSQL: a late append of attempt 1 reads the build (still attempt 1
     * under its lease), then the reaper requeues it and another werker claims attempt 2 in a transaction that holds
     * the build row; the append's write waits for that row. HSQLDB refuses the waiting write when the row changed;
     * PostgreSQL (READ COMMITTED) lets it proceed on the new row, so without a lock taken before the check the stale
     * append would write attempt 1's log length over attempt 2's, and attempt 2's first bytes would be dropped as a
     * "repeat".
     */
    @Test
    public void aLateAppendWaitingOnTheRequeueNeverWritesTheNextAttempt() throws Exception {
        byte[] late = "attempt 1 output, late\n".getBytes();
        long buildId = lateWriteDuringRequeue((id, first) -> assertTrue("the stale append is refused",
                f.s.logs.append(id, first.lease().attempt(), first.lease().leaseId(), 0, 0, LogStream.STDOUT, late,
                        f.s.config.logCapBytes()).isEmpty()));
        var build = f.s.builds.find(buildId).orElseThrow();
        assertEquals(2, build.attempt());
        assertEquals("attempt 2's log is untouched", 0, build.logLength());
        byte[] fresh = "attempt 2 output\n".getBytes();
        assertEquals(fresh.length, f.s.logs.append(buildId, 2, ATTEMPT_2_LEASE, 0, 0, LogStream.STDOUT, fresh,
                f.s.config.logCapBytes()).orElseThrow());
        assertArrayEquals(fresh, f.s.logs.readAll(buildId, 2));
    }

    /** The same window for a stage report: attempt 1's late "stage 0 FAILED" must not land on attempt 2's stages. */
    @Test
    public void aLateStageReportWaitingOnTheRequeueNeverWritesTheNextAttempt() throws Exception {
        long buildId = lateWriteDuringRequeue((id, first) -> assertFalse("the stale stage report is refused",
                f.s.builds.updateStage(id, first.lease().attempt(), first.lease().leaseId(), 0, "a",
                        StageStatus.FAILED, 1, f.clock.millis(), 5, "late")));
        var stage = f.s.builds.stages(buildId).get(0);
        assertEquals("attempt 2's stage is as the requeue left it", StageStatus.PENDING,
                stage.status());
        assertTrue(f.s.builds.updateStage(buildId, 2, ATTEMPT_2_LEASE, 0, "a",
                StageStatus.RUNNING, null, f.clock.millis(), 0, null));
        assertEquals(0, f.s.builds.find(buildId).orElseThrow().runningStage());
    }

    /**
     * A finish that waits for a heartbeat of the same lease (found in the two-node end-to-end test, where a build's
     * heartbeat and its finish often run at once on two nodes): the heartbeat renews by deleting and re-inserting the
     * lease row, and the waiting finish's DELETE found only the deleted version. It used to delete nothing and
     * answer "no longer yours" while the lease lived on; the werker then dropped a finished build and it was built
     * again. Now the finish wins once the renewal commits.
     */
    @Test
    public void aFinishWaitingOnAHeartbeatOfItsLeaseStillFinishesTheBuild() throws Exception {
        long buildId = f.queued(sha(3), plan("ocelot/busybox", null, "a")).id();
        Werker w = f.werker("w");
        Job job = lease(w);
        CountDownLatch renewed = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> heartbeat = pool.submit(() -> f.db.ao().executeInTransaction(() -> {
                assertTrue(f.s.buildQueue.renew(buildId, job.lease().leaseId(), 0));
                renewed.countDown();
                await(commit);
                return null;
            }));
            await(renewed);
            Future<java.util.Optional<io.ocelot.plugin.build.Build>> finish = pool.submit(() ->
                    f.s.buildQueue.finish(buildId, job.lease().leaseId(), io.ocelot.core.build.BuildResult.PASSED,
                            "all stages passed"));
            awaitWaitingWriter(finish);
            commit.countDown();
            heartbeat.get(30, TimeUnit.SECONDS);
            assertTrue("the finish is not refused for the renewal it waited for",
                    finish.get(30, TimeUnit.SECONDS).isPresent());
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }
        var b = f.s.builds.find(buildId).orElseThrow();
        assertEquals(io.ocelot.plugin.build.BuildState.FINISHED, b.state());
        assertEquals(io.ocelot.core.build.BuildResult.PASSED, b.outcome());
        assertFalse("and the lease is gone", f.s.queue.isLive(buildId, job.lease().leaseId()));
    }

    private static final String ATTEMPT_2_LEASE = "lease-of-attempt-2";

    /**
     * Leases a build to a werker that then goes quiet; runs the reaper's requeue and the next werker's claim in one
     * transaction held open before its commit (a nested transaction joins), and meanwhile {@code lateWrite} of
     * attempt 1, which must wait for that transaction's row lock; then lets it commit. Returns the build id.
     */
    private long lateWriteDuringRequeue(BiConsumer<Long, Job> lateWrite) throws Exception {
        long buildId = f.queued(sha(2), plan("ocelot/busybox", null, "a")).id();
        Werker lost = f.werker("lost");
        Job first = lease(lost);
        Werker next = f.werker("next");
        f.clock.advance(Duration.ofSeconds(21));

        CountDownLatch requeued = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> reaper = pool.submit(() -> f.db.ao().executeInTransaction(() -> {
                var expired = f.s.queue.expiredLeases(f.clock.millis());
                assertEquals(1, expired.size());
                f.s.buildQueue.expire(expired.get(0), "test").orElseThrow();
                var ticket = f.s.queue.waiting(List.of(), 10).get(0);
                f.s.buildQueue.claim(ticket, next.id(), ATTEMPT_2_LEASE).orElseThrow();
                requeued.countDown();
                await(commit);
                return null;
            }));
            await(requeued);
            Future<?> write = pool.submit(() -> lateWrite.accept(buildId, first));
            awaitWaitingWriter(write);
            commit.countDown();
            reaper.get(30, TimeUnit.SECONDS);
            write.get(30, TimeUnit.SECONDS);
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }
        return buildId;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Until the append waits for the held row: on PostgreSQL a backend of the test database waiting for a lock;
     * elsewhere a moment (a write that does not wait makes the test pass for the wrong reason, never fail).
     */
    private void awaitWaitingWriter(Future<?> append) throws Exception {
        long end = System.currentTimeMillis() + 20_000;
        if (!TestDatabase.isPostgresql()) {
            Thread.sleep(500);
            return;
        }
        try (Connection c = f.db.jdbc()) {
            while (System.currentTimeMillis() < end && !append.isDone()) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the append never waited for the requeue's row lock (done: " + append.isDone() + ")");
    }

}
