package io.ocelot.plugin.trigger;

import io.ocelot.plugin.bitbucket.OcelotEventListener;
import io.ocelot.core.build.BuildResult;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.clone.CloneUrlTemplate;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.RepositoryFiles;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.crypto.FileSecretKeySource;
import io.ocelot.plugin.store.PendingTriggerStore;
import io.ocelot.plugin.store.PendingTriggerStore.PendingTrigger;
import io.ocelot.plugin.testkit.PluginServices;
import io.ocelot.plugin.testkit.RecordingStatusPublisher;
import io.ocelot.plugin.testkit.TestDatabase;
import org.junit.After;
import org.junit.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ocelot.plugin.testkit.BitbucketEvents.push;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Triggers are durable: stored by the listener, retried while Bitbucket's services fail, taken up after a restart,
 * handled by one node of two, and none lost in a flood. Real AO (HSQLDB and PostgreSQL: postgresql-stores).
 */
public class DurableTriggerTest {
    private static final byte[] PIPELINE = "image: ocelot/busybox\n".getBytes();
    private final TestDatabase db = TestDatabase.fresh();
    private final RepositoryRef repo = new RepositoryRef(7, "PROJ", "repo");
    private final List<PluginServices> opened = new ArrayList<>();
    private final Map<PluginServices, RecordingStatusPublisher> statuses = new ConcurrentHashMap<>();
    private final Path keys;

    public DurableTriggerTest() throws IOException {
        keys = Files.createTempDirectory("ocelot-key");
    }

    @After
    public void close() {
        opened.forEach(PluginServices::close);
        db.close();
    }

    /** A plugin node over the shared database, reading ocelot.yml through {@code files}. */
    private PluginServices node(RepositoryFiles files) {
        RecordingStatusPublisher published = new RecordingStatusPublisher();
        PluginServices s = new PluginServices(db.ao(), files, (r, a, b) -> new Changeset(List.of("msg"), List.of()),
                new CoreBuildPlanner(), published, b -> "", new CloneUrlTemplate("file:///x"),
                new FileSecretKeySource(keys), Clock.systemUTC(), new OcelotConfig());
        opened.add(s);
        statuses.put(s, published);
        s.repositorySettings.save(RepositorySettings.enabledWithDefaults(repo));
        return s;
    }

    private static RepositoryFiles always() {
        return (r, commit, path) -> Optional.of(PIPELINE);
    }

    private List<Build> buildsOf(PluginServices s, int n) {
        return s.builds.byCommitPrefix(repo.id(), sha(n), 10);
    }

    @Test
    public void aContentServiceFailingThreeTimesThenAnsweringMakesExactlyOneBuild() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PluginServices s = node((r, commit, path) -> {
            if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException("ContentService: the repository is being garbage-collected");
            }
            return Optional.of(PIPELINE);
        });
        new OcelotEventListener(s.triggerQueue).onRefsChanged(push(repo, "alice", "main", sha(1), sha(2)));
        assertTrue(s.triggerQueue.awaitIdle(30_000));
        assertEquals("three failures, then the answer", 4, calls.get());
        assertEquals(1, buildsOf(s, 2).size());
        assertEquals("nothing left pending or failed", List.of(), s.pendingTriggers.ofRepositories(List.of(repo.id()), 10));
    }

    @Test
    public void aTriggerThatKeepsFailingIsKeptAsFailedWithItsReason() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PluginServices s = node((r, commit, path) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("CommitService: no such object");
        });
        new OcelotEventListener(s.triggerQueue).onRefsChanged(push(repo, "alice", "main", sha(1), sha(2)));
        assertTrue(s.triggerQueue.awaitIdle(30_000));
        int attempts = PluginServices.TEST_TRIGGER_RETRY.maxAttempts();
        assertEquals(attempts, calls.get());
        List<PendingTrigger> left = s.pendingTriggers.ofRepositories(List.of(repo.id()), 10);
        assertEquals(1, left.size());
        PendingTrigger failed = left.get(0);
        assertEquals(PendingTriggerStore.State.FAILED, failed.state());
        assertEquals(attempts, failed.attempts());
        assertEquals("IllegalStateException: CommitService: no such object", failed.lastError());
        assertEquals(sha(2), failed.event().commit());
        assertEquals("main", failed.event().branch());
        // and where builds are: one FAILED build of the commit with the reason, and a failed status on it
        List<Build> recorded = buildsOf(s, 2);
        assertEquals(1, recorded.size());
        Build b = recorded.get(0);
        assertEquals(BuildState.FINISHED, b.state());
        assertEquals(BuildResult.FAILED, b.outcome());
        assertEquals("Ocelot gave up on this push after " + attempts + " attempts: IllegalStateException: "
                + "CommitService: no such object\nThe cause is in Bitbucket's log; rebuild once it is fixed.", b.message());
        List<BuildStatus> published = statuses.get(s).forCommit(sha(2));
        assertEquals(published.toString(), StatusState.FAILED, published.get(published.size() - 1).state());
    }

    @Test
    public void failedTriggersArePrunedAfterTheRetentionByTheHousekeeping() throws Exception {
        PluginServices s = node((r, commit, path) -> {
            throw new IllegalStateException("ContentService: offline");
        });
        new OcelotEventListener(s.triggerQueue).onRefsChanged(push(repo, "alice", "main", sha(1), sha(2)));
        assertTrue(s.triggerQueue.awaitIdle(30_000));
        assertEquals(1, s.pendingTriggers.count(PendingTriggerStore.State.FAILED));
        assertEquals("within the retention it stays", 0, s.reaper.run().failedTriggersPruned());
        s.settings.put(io.ocelot.plugin.queue.LeaseReaper.RETENTION_KEY, "0");
        assertEquals("0 keeps forever", 0, s.reaper.run().failedTriggersPruned());

        // a trigger given up 31 days ago (the default retention is 30 days) goes; the recent one and builds stay.
        // The node's queue stops first: the old trigger is due the moment it is recorded, and a running queue
        // could claim it before this test does.
        s.triggerQueue.close();
        s.settings.put(io.ocelot.plugin.queue.LeaseReaper.RETENTION_KEY, "30");
        long longAgo = System.currentTimeMillis() - 31L * 86_400_000L;
        long oldId = s.pendingTriggers.record(new PendingTriggerStore.Event(repo.id(), "PROJ", "repo", "PUSH",
                "refs/heads/main", "main", false, sha(2), sha(3), 0, "alice", false, null), longAgo);
        PendingTrigger old = s.pendingTriggers.due(longAgo, 10).stream().filter(t -> t.id() == oldId).findFirst()
                .orElseThrow();
        s.pendingTriggers.fail(s.pendingTriggers.claim(old, longAgo, longAgo + 1).orElseThrow(), longAgo,
                "ContentService: offline");
        assertEquals(2, s.pendingTriggers.count(PendingTriggerStore.State.FAILED));
        assertEquals(1, s.reaper.run().failedTriggersPruned());
        List<PendingTrigger> left = s.pendingTriggers.ofRepositories(List.of(repo.id()), 10);
        assertEquals(1, left.size());
        assertEquals(sha(2), left.get(0).event().commit());
        assertEquals(1, buildsOf(s, 2).size());
    }

    @Test
    public void aNewNodeOverTheSameDatabaseTakesUpWhatTheStoppedOneLeftPending() throws Exception {
        PluginServices first = node(always());
        first.triggerQueue.close(); // the node goes down right after Bitbucket handed it the events
        OcelotEventListener listener = new OcelotEventListener(first.triggerQueue);
        listener.onRefsChanged(push(repo, "alice", "main", sha(1), sha(2)));
        listener.onRefsChanged(push(repo, "alice", "main", sha(2), sha(3)));
        // and a third that a node had claimed when it died: its claim has run out
        long now = System.currentTimeMillis();
        long id = first.pendingTriggers.record(new PendingTriggerStore.Event(repo.id(), "PROJ", "repo", "PUSH",
                "refs/heads/main", "main", false, sha(3), sha(4), 0, "alice", false, null), now);
        PendingTrigger recorded = first.pendingTriggers.due(now, 10).stream().filter(t -> t.id() == id).findFirst()
                .orElseThrow();
        assertTrue(first.pendingTriggers.claim(recorded, now, now - 1).isPresent());
        assertEquals(List.of(), buildsOf(first, 2));
        assertEquals(3, first.triggerQueue.pending());

        PluginServices second = node(always()); // the restarted node: its processors start with it
        assertTrue(second.triggerQueue.awaitIdle(30_000));
        for (int n = 2; n <= 4; n++) {
            assertEquals("commit " + n, 1, buildsOf(second, n).size());
        }
    }

    @Test
    public void twoNodesOnOneDatabaseHandleEachTriggerOnce() throws Exception {
        Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        RepositoryFiles counting = (r, commit, path) -> {
            reads.computeIfAbsent(commit, c -> new AtomicInteger()).incrementAndGet();
            return Optional.of(PIPELINE);
        };
        PluginServices a = node(counting);
        PluginServices b = node(counting);
        OcelotEventListener la = new OcelotEventListener(a.triggerQueue);
        OcelotEventListener lb = new OcelotEventListener(b.triggerQueue);
        int n = 200;
        for (int i = 1; i <= n; i++) {
            (i % 2 == 0 ? la : lb).onRefsChanged(push(repo, "alice", "b" + i, sha(i), sha(1000 + i)));
        }
        assertTrue(a.triggerQueue.awaitIdle(60_000));
        assertTrue(b.triggerQueue.awaitIdle(60_000));
        assertEquals(n, reads.size());
        reads.forEach((commit, count) -> assertEquals("ocelot.yml of " + commit + " read once", 1, count.get()));
        for (int i = 1; i <= n; i++) {
            assertEquals(1, buildsOf(a, 1000 + i).size());
        }
    }

    /** Far beyond the 1000 the in-memory queue held: every push reaches the trigger service, once. */
    @Test
    public void aFloodOfFiveThousandPushesLosesNone() throws Exception {
        Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        PluginServices s = node((r, commit, path) -> {
            reads.computeIfAbsent(commit, c -> new AtomicInteger()).incrementAndGet();
            return Optional.empty(); // no ocelot.yml: the cheapest complete handling, so the hand-off is what is tested
        });
        OcelotEventListener listener = new OcelotEventListener(s.triggerQueue);
        int n = 5_000;
        for (int i = 1; i <= n; i++) {
            listener.onRefsChanged(push(repo, "alice", "main", sha(i), sha(100_000 + i)));
        }
        assertTrue(s.triggerQueue.awaitIdle(600_000));
        assertEquals(n, reads.size());
        reads.forEach((commit, count) -> assertEquals(commit, 1, count.get()));
        assertEquals(0, s.triggerQueue.pending());
    }

    /** The database refusing the listener's insert: the trigger waits in memory and is stored once it answers. */
    @Test
    public void aTriggerTheDatabaseRefusedAtFirstIsStoredWhenItAnswers() throws Exception {
        PluginServices s = node(always());
        java.util.concurrent.atomic.AtomicBoolean refusing = new java.util.concurrent.atomic.AtomicBoolean(true);
        PendingTriggerStore flaky = new PendingTriggerStore(db.ao()) {
            @Override
            public long record(Event e, long now) {
                if (refusing.get()) {
                    throw new IllegalStateException("connection refused");
                }
                return super.record(e, now);
            }
        };
        TriggerQueue queue = new TriggerQueue(s.triggers, flaky, new OcelotConfig(), Clock.systemUTC(),
                PluginServices.TEST_TRIGGER_RETRY);
        try {
            queue.start();
            assertTrue(queue.submit(io.ocelot.plugin.trigger.TriggerRequest.push(repo, "refs/heads/main", "main",
                    sha(1), sha(2), "alice")));
            assertEquals("kept in memory", 1, queue.pending());
            assertEquals(List.of(), buildsOf(s, 2));
            refusing.set(false);
            assertTrue(queue.awaitIdle(30_000));
            assertEquals(1, buildsOf(s, 2).size());
        } finally {
            queue.close();
        }
    }
}
