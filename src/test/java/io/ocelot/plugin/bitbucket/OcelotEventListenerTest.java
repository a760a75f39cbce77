package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.pull.PullRequest;
import com.atlassian.bitbucket.repository.RefChangeType;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.clone.CloneUrlTemplate;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.crypto.FileSecretKeySource;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.testkit.PluginServices;
import io.ocelot.plugin.testkit.RecordingStatusPublisher;
import io.ocelot.plugin.testkit.TestDatabase;
import io.ocelot.plugin.trigger.TriggerQueue;
import io.ocelot.plugin.trigger.TriggerRequest;
import org.junit.Test;

import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.ocelot.plugin.testkit.BitbucketEvents.opened;
import static io.ocelot.plugin.testkit.BitbucketEvents.pullRequest;
import static io.ocelot.plugin.testkit.BitbucketEvents.push;
import static io.ocelot.plugin.testkit.BitbucketEvents.refChange;
import static io.ocelot.plugin.testkit.BitbucketEvents.rescoped;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

public class OcelotEventListenerTest {
    private final RepositoryRef repo = new RepositoryRef(3, "PROJ", "repo");

    /** Captures what the listener hands over, without running it. */
    private static final class CapturingQueue extends TriggerQueue {
        final List<TriggerRequest> submitted = new ArrayList<>();

        CapturingQueue() {
            super(null, null, new OcelotConfig(), Clock.systemUTC());
        }

        @Override
        public boolean submit(TriggerRequest request) {
            submitted.add(request);
            return true;
        }
    }

    @Test
    public void pushesBecomeTriggerRequestsAndDeletesAreIgnored() {
        CapturingQueue q = new CapturingQueue();
        OcelotEventListener l = new OcelotEventListener(q);
        l.onRefsChanged(push(repo, "alice",
                refChange("refs/heads/main", false, RefChangeType.UPDATE, sha(1), sha(2)),
                refChange("refs/heads/new", false, RefChangeType.ADD, "0".repeat(40), sha(3)),
                refChange("refs/heads/gone", false, RefChangeType.DELETE, sha(4), "0".repeat(40)),
                refChange("refs/tags/v1", true, RefChangeType.ADD, "0".repeat(40), sha(5))));
        assertEquals(3, q.submitted.size());
        TriggerRequest update = q.submitted.get(0);
        assertEquals(repo, update.repository());
        assertEquals(TriggerKind.PUSH, update.kind());
        assertEquals("main", update.branch());
        assertEquals("refs/heads/main", update.ref());
        assertEquals(sha(1), update.since());
        assertEquals(sha(2), update.commit());
        assertEquals("alice", update.user());
        assertFalse(update.tag());
        assertNull("new branch: no since", q.submitted.get(1).since());
        assertTrue("tags are passed on; the service decides by setting", q.submitted.get(2).tag());
    }

    @Test
    public void pullRequestsOpenedAndRescopesOfEitherSideBecomeRequests() {
        CapturingQueue q = new CapturingQueue();
        OcelotEventListener l = new OcelotEventListener(q);
        PullRequest pr = pullRequest(repo, 12, "feature", sha(2), "main", sha(9));
        l.onPullRequestOpened(opened(pr, "bob"));
        l.onPullRequestRescoped(rescoped(pr, "bob", sha(1), sha(8)));
        l.onPullRequestRescoped(rescoped(pr, "bob", sha(2), sha(7))); // only the target moved: the merge differs
        l.onPullRequestRescoped(rescoped(pr, "bob", sha(2), sha(9))); // neither moved
        assertEquals(3, q.submitted.size());
        TriggerRequest r = q.submitted.get(0);
        assertEquals(TriggerKind.PULL_REQUEST, r.kind());
        assertEquals(12, r.prId());
        assertEquals("feature", r.branch());
        assertEquals(sha(2), r.commit());
        assertEquals("changes are counted from the target's tip", sha(9), r.since());
        assertEquals("bob", r.user());
        assertEquals("main", r.targetBranch());
        TriggerRequest targetMoved = q.submitted.get(2);
        assertEquals(sha(2), targetMoved.commit());
        assertEquals(sha(9), targetMoved.since());
    }

    @Test
    public void aSlowBitbucketNeitherHoldsTheEventThreadNorLosesAPushBeyondTheOldQueueSize() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(2);
        try (TestDatabase db = TestDatabase.inMemory()) {
            PluginServices s = new PluginServices(db.ao(), (r, commit, path) -> {
                busy.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS); // a slow Bitbucket
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.of("image: ocelot/busybox\n".getBytes());
            }, (r, a, b) -> new Changeset(List.of(), List.of()), new io.ocelot.plugin.trigger.CoreBuildPlanner(),
                    new RecordingStatusPublisher(), b -> "", new CloneUrlTemplate("file:///x"),
                    new FileSecretKeySource(Files.createTempDirectory("k")),
                    Clock.systemUTC(), new OcelotConfig().withTriggerQueueCapacity(3));
            try {
                s.repositorySettings.save(RepositorySettings.enabledWithDefaults(repo));
                OcelotEventListener l = new OcelotEventListener(s.triggerQueue);
                for (int i = 0; i < 2; i++) { // occupy both processors
                    l.onRefsChanged(push(repo, "alice", "main", sha(i), sha(i + 1)));
                }
                assertTrue(busy.await(10, TimeUnit.SECONDS));
                for (int i = 0; i < 10; i++) { // far more than the in-memory buffer of 3 could hold
                    l.onRefsChanged(push(repo, "alice", "main", sha(10 + i), sha(11 + i)));
                }
                assertEquals("every push is stored while Bitbucket is slow", 12, s.triggerQueue.pending());
                release.countDown();
                assertTrue(s.triggerQueue.awaitIdle(30_000));
                for (int i = 0; i < 2; i++) {
                    assertEquals(1, s.builds.byCommitPrefix(repo.id(), sha(i + 1), 5).size());
                }
                for (int i = 0; i < 10; i++) {
                    assertEquals("push " + i, 1, s.builds.byCommitPrefix(repo.id(), sha(11 + i), 5).size());
                }
            } finally {
                release.countDown();
                s.close();
            }
        }
    }
}
