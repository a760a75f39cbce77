package io.ocelot.plugin.queue;

import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.NewBuild;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.store.QueueStore;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.testkit.PluginServices;
import org.junit.After;
import org.junit.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

/**
 * Two plugin nodes over one database, as in a Data Center cluster: each its own services, signal and reaper (no
 * memory shared), one store. A node start leaves the leases alone while another node was answering; the reaper
 * runs on one node at a time, so each expired lease is requeued, published and warned about once; a poll held on
 * one node is answered with a build queued through the other.
 */
public class ClusterNodesTest {
    private Fixture f;

    @After
    public void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private static PollRequest poll() {
        return new PollRequest(Protocol.VERSION, 1, List.of());
    }

    @Test
    public void aNodeStartExtendsNoLeaseWhileAnotherNodeIsReaping() throws Exception {
        f = new Fixture();
        PluginServices a = f.s;
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "build"));
        Werker w = f.werker("w");
        Job job = a.werkers.poll(w, poll()).orElseThrow();
        assertTrue("node A reaps", a.reaper.run().reaped());

        f.clock.advance(Duration.ofSeconds(15));
        assertEquals("A keeps reaping", 0, a.reaper.run().requeued());
        f.clock.advance(Duration.ofSeconds(3));
        PluginServices nodeB = f.otherNode(); // node B (re)starts while A keeps serving
        assertEquals("A was answering: the werker could heartbeat through it", 0, nodeB.reaper.nodeStarted());
        f.clock.advance(Duration.ofSeconds(3)); // 21 s without a heartbeat on a 20 s lease
        LeaseReaper.Report onB = nodeB.reaper.run();
        assertTrue("the next run may be on either node", onB.reaped());
        assertEquals("the lost werker's build is requeued on time, not a lease period later", 1, onB.requeued());
        assertEquals(BuildState.QUEUED, f.s.builds.find(b.id()).orElseThrow().state());
        assertFalse("its lease is gone", f.s.queue.isLive(b.id(), job.lease().leaseId()));
    }

    @Test
    public void aNodeStartAfterTheWholeClusterWasDownStillExtendsTheLeases() throws Exception {
        f = new Fixture();
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "build"));
        Werker w = f.werker("w");
        Job job = f.s.werkers.poll(w, poll()).orElseThrow();
        assertTrue(f.s.reaper.run().reaped());
        // the last node is killed (no clean stop): nobody answers the werker for a minute

        f.clock.advance(Duration.ofSeconds(60));
        PluginServices restarted = f.otherNode();
        assertEquals(1, restarted.reaper.nodeStarted());
        assertEquals("nothing expired right after the start", 0, restarted.reaper.run().requeued());
        restarted.werkers.heartbeat(w, b.id(), new Heartbeat(job.lease(), 0));
        assertEquals(BuildState.RUNNING, f.s.builds.find(b.id()).orElseThrow().state());
    }

    @Test
    public void aCleanStopLeavesTheRestartedNodeToExtendTheLeasesAtOnce() throws Exception {
        f = new Fixture();
        f.queued(sha(1), plan("ocelot/busybox", null, "build"));
        f.s.werkers.poll(f.werker("w"), poll()).orElseThrow();
        assertTrue(f.s.reaper.run().reaped());
        f.s.reaper.nodeStopping(); // the plugin is disabled or upgraded on the only node
        f.clock.advance(Duration.ofSeconds(2));
        assertEquals(1, f.otherNode().reaper.nodeStarted());
    }

    @Test
    public void noNodeReapsWhileAnotherIsMidRunAndANodeThatDiedMidRunHoldsItOneLeasePeriod() throws Exception {
        f = new Fixture();
        PluginServices b = f.otherNode();
        assertTrue(f.s.reaper.run().reaped());
        assertTrue("a finished run leaves the claim to any node", b.reaper.run().reaped());
        long now = f.clock.millis();
        assertTrue(f.s.claims.take(LeaseReaper.CLAIM, "node-a", now, now + 20_000)); // node A mid-run, then killed
        assertFalse("B neither sweeps nor prunes logs while A runs", b.reaper.run().reaped());
        assertFalse(f.s.reaper.run().reaped());
        f.clock.advance(Duration.ofSeconds(19));
        assertFalse(b.reaper.run().reaped());
        f.clock.advance(Duration.ofSeconds(2));
        assertTrue("A's claim ran out: B takes over", b.reaper.run().reaped());
    }

    @Test
    public void twoReapersRunningAtOnceRequeueEachExpiredLeaseExactlyOnce() throws Exception {
        f = new Fixture();
        PluginServices nodeB = f.otherNode();
        int n = 6;
        List<Build> running = new ArrayList<>();
        Werker w = f.werker("w");
        for (int i = 1; i <= n; i++) {
            Build b = f.queued(sha(i), plan("ocelot/busybox", null, "build"));
            f.s.werkers.poll(w, poll()).orElseThrow();
            running.add(b);
        }
        f.clock.advance(Duration.ofSeconds(21));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 2; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                Future<LeaseReaper.Report> ra = pool.submit(() -> {
                    start.await();
                    return f.s.reaper.run();
                });
                Future<LeaseReaper.Report> rb = pool.submit(() -> {
                    start.await();
                    return nodeB.reaper.run();
                });
                LeaseReaper.Report a = ra.get(30, TimeUnit.SECONDS);
                LeaseReaper.Report b = rb.get(30, TimeUnit.SECONDS);
                assertTrue("some node reaped: " + a + " / " + b, a.reaped() || b.reaped());
                assertEquals("round " + round, round == 0 ? n : 0, a.requeued() + b.requeued());
            }
        } finally {
            pool.shutdownNow();
        }
        for (Build b : running) {
            Build now = f.s.builds.find(b.id()).orElseThrow();
            assertEquals(BuildState.QUEUED, now.state());
            List<StatusState> states = f.statuses.forCommit(b.commit()).stream().map(BuildStatus::state).toList();
            assertEquals("queued, running, requeued: one status per transition", 3, states.size());
        }
        List<QueueStore.Ticket> tickets = f.s.queue.waiting(List.of(), 50);
        assertEquals("one ticket per build", running.stream().map(Build::id).toList(),
                tickets.stream().map(QueueStore.Ticket::buildId).sorted().toList());
        assertTrue("requeued once: each ticket is for the second attempt",
                tickets.stream().allMatch(t -> t.attempt() == 2));
    }

    @Test
    public void aPollHeldOnOneNodeGetsTheBuildQueuedThroughTheOther() throws Exception {
        // a long hold, a short re-check: the poll must be answered by the re-check of the database
        f = new Fixture(new OcelotConfig().with(Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofSeconds(20)));
        PluginServices nodeB = f.otherNode();
        Werker w = f.werker("w");
        long seenOnA = f.s.signal.generation();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<Job>> held = pool.submit(() -> f.s.werkers.poll(w, poll()));
            Thread.sleep(300); // the poll is held on node A, nothing queued yet
            assertFalse(held.isDone());
            Build b = nodeB.buildQueue.enqueue(new NewBuild(f.repo, "main", "refs/heads/main",
                    sha(1), "default", TriggerKind.PUSH, 0, "alice",
                    plan("ocelot/busybox", null, "build"), null)).build();
            Job job = held.get(20, TimeUnit.SECONDS).orElseThrow();
            assertEquals(b.id(), job.buildId());
            assertEquals("node A's memory was never woken: the database answered", seenOnA,
                    f.s.signal.generation());
        } finally {
            pool.shutdownNow();
        }
    }
}
