package io.ocelot.plugin.trigger;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.Fixture;
import org.junit.After;
import org.junit.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/** The trigger pipeline on the real AO store, with hand-built plans (see ParserBackedTriggerTest for the real one). */
public class BuildTriggerServiceTest {
    private final Fixture f = new Fixture();

    @After
    public void close() {
        f.close();
    }

    private TriggerRequest push(String commit) {
        return TriggerRequest.push(f.repo, "refs/heads/main", "main", sha(100), commit, "alice");
    }

    private void withFile(String commit) {
        f.files.put(f.repo, commit, "ocelot.yml", "image: ocelot/busybox\n");
        f.planNext(plan("ocelot/busybox", null, "build", "test"));
    }

    @Test
    public void disabledRepositoryBuildsNothing() {
        withFile(sha(1));
        TriggerOutcome o = f.s.triggers.handle(push(sha(1)));
        assertEquals(TriggerOutcome.Kind.SKIPPED, o.kind());
        assertTrue(o.reason(), o.reason().contains("not enabled"));
        assertEquals(0, f.s.builds.recent(f.repo.id(), 10).size());
        assertTrue(f.statuses.all().isEmpty());
    }

    @Test
    public void noOcelotYmlBuildsNothing() {
        f.enable();
        f.planNext(plan("ocelot/busybox", null, "a"));
        TriggerOutcome o = f.s.triggers.handle(push(sha(1)));
        assertEquals(TriggerOutcome.Kind.NO_PIPELINE, o.kind());
        assertTrue(f.s.builds.recent(f.repo.id(), 10).isEmpty());
        assertTrue(f.statuses.all().isEmpty());
    }

    @Test
    public void pushQueuesABuildWithInProgressStatusAndTheChangesetSinceThePreviousTip() {
        f.enable();
        withFile(sha(1));
        TriggerOutcome o = f.s.triggers.handle(push(sha(1)));
        assertEquals(TriggerOutcome.Kind.CREATED, o.kind());
        Build b = o.build();
        assertEquals(BuildState.QUEUED, b.state());
        assertEquals("alice", b.triggeredBy());
        assertEquals(TriggerKind.PUSH, b.trigger());
        assertTrue(b.queuedAt() > 0);
        assertEquals(List.of(sha(100) + ".." + sha(1)), f.changesetCalls);
        BuildStatus s = f.statuses.forCommit(sha(1)).get(0);
        assertEquals(StatusState.INPROGRESS, s.state());
        assertEquals("ocelot", s.key());
        assertEquals("refs/heads/main", s.ref());
        assertEquals("http://bitbucket.test/plugins/servlet/ocelot/projects/PROJ/repos/repo/builds/" + b.id(), s.url());
    }

    @Test
    public void invalidFileIsAFailedBuildWithTheErrorsAndAFailedStatus() {
        f.enable();
        f.files.put(f.repo, sha(1), "ocelot.yml", "stages: [");
        f.nextPlan.set(new PlanOutcome.Invalid(List.of("ocelot.yml:1:9: unexpected end of flow sequence",
                "ocelot.yml:1:1: 'image' or 'machineTag' is required")));
        Build b = f.s.triggers.handle(push(sha(1))).build();
        assertEquals(BuildState.FINISHED, b.state());
        assertEquals(BuildResult.FAILED, b.outcome());
        assertTrue(b.message(), b.message().contains("ocelot.yml:1:9: unexpected end of flow sequence"));
        assertTrue(b.message(), b.message().contains("ocelot.yml:1:1: 'image' or 'machineTag' is required"));
        List<BuildStatus> s = f.statuses.forCommit(sha(1));
        assertEquals(1, s.size());
        assertEquals(StatusState.FAILED, s.get(0).state());
        assertTrue(s.get(0).description(), s.get(0).description().contains("ocelot.yml is invalid"));
        assertTrue("nothing queued", f.s.queue.waiting(List.of(), 10).isEmpty());
    }

    @Test
    public void noBuildDecisionStoresNothing() {
        f.enable();
        f.files.put(f.repo, sha(1), "ocelot.yml", "x");
        f.nextPlan.set(new PlanOutcome.NoBuild("[skip ci] in commit message"));
        TriggerOutcome o = f.s.triggers.handle(push(sha(1)));
        assertEquals("[skip ci] in commit message", o.reason());
        assertTrue(f.s.builds.recent(f.repo.id(), 10).isEmpty());
    }

    @Test
    public void tenConcurrentDuplicateEventsMakeOneBuild() throws Exception {
        f.enable();
        withFile(sha(1));
        int n = 10;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<TriggerOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            outcomes.add(pool.submit((Callable<TriggerOutcome>) () -> {
                start.await();
                return f.s.triggers.handle(push(sha(1)));
            }));
        }
        Set<Long> ids = new HashSet<>();
        int created = 0;
        for (Future<TriggerOutcome> o : outcomes) {
            ids.add(o.get().build().id());
            created += o.get().kind() == TriggerOutcome.Kind.CREATED ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, ids.size());
        assertEquals(1, created);
        assertEquals(1, f.s.builds.recent(f.repo.id(), 10).size());
        assertEquals("one INPROGRESS status", 1, f.statuses.forCommit(sha(1)).size());
    }

    @Test
    public void pushAndPullRequestOfOneCommitAreTwoBuildsAndRepeatsAddNothing() {
        f.enable();
        withFile(sha(1));
        TriggerRequest pr = TriggerRequest.pullRequest(f.repo, 5, "refs/heads/feature", "feature", "main", sha(50), sha(1),
                "bob");
        f.s.triggers.handle(push(sha(1)));
        f.s.triggers.handle(pr);
        f.s.triggers.handle(pr);
        f.s.triggers.handle(push(sha(1)));
        List<Build> builds = f.s.builds.byCommitPrefix(f.repo.id(), sha(1), 10);
        assertEquals(2, builds.size());
        assertEquals(Set.of(TriggerKind.PUSH, TriggerKind.PULL_REQUEST),
                Set.of(builds.get(0).trigger(), builds.get(1).trigger()));
        Build prBuild = builds.stream().filter(b -> b.trigger() == TriggerKind.PULL_REQUEST).findFirst().orElseThrow();
        assertEquals(5, prBuild.prId());
        assertEquals("bob", prBuild.triggeredBy());
        assertTrue("PR changeset from the target tip", f.changesetCalls.contains(sha(50) + ".." + sha(1)));
    }

    @Test
    public void pullRequestBuildsAndTagsFollowTheRepositorySettings() {
        f.enable(RepositorySettings.enabledWithDefaults(f.repo).withBuildPullRequests(false));
        withFile(sha(1));
        assertEquals(TriggerOutcome.Kind.SKIPPED, f.s.triggers.handle(TriggerRequest.pullRequest(f.repo, 5,
                "refs/heads/feature", "feature", "main", sha(50), sha(1), "bob")).kind());
        TriggerRequest tag = new TriggerRequest(f.repo, TriggerKind.PUSH, "refs/tags/v1", "v1", true, null, sha(1), 0,
                "alice", false);
        assertEquals(TriggerOutcome.Kind.SKIPPED, f.s.triggers.handle(tag).kind());
        f.enable(RepositorySettings.enabledWithDefaults(f.repo).withBuildTags(true));
        assertEquals(TriggerOutcome.Kind.CREATED, f.s.triggers.handle(tag).kind());
    }

    @Test
    public void autoCancelStopsOlderQueuedAndRunningBuildsOfTheBranch() throws Exception {
        f.enable(RepositorySettings.enabledWithDefaults(f.repo).withAutoCancel(true));
        withFile(sha(1));
        withFile(sha(2));
        withFile(sha(3));
        withFile(sha(4));
        Build first = f.s.triggers.handle(push(sha(1))).build();
        Werker w = f.werker("w");
        assertEquals(first.id(), f.s.werkers.poll(w, new PollRequest(Protocol.VERSION, 1, List.of()))
                .orElseThrow().buildId());
        Build second = f.s.triggers.handle(push(sha(2))).build();
        Build otherBranch = f.s.triggers.handle(TriggerRequest.push(f.repo, "refs/heads/dev", "dev", null, sha(3),
                "alice")).build();
        Build third = f.s.triggers.handle(TriggerRequest.push(f.repo, "refs/heads/main", "main", sha(2), sha(4),
                "alice")).build();

        Build running = f.s.builds.find(first.id()).orElseThrow();
        assertTrue("running build asked to stop", running.cancelRequested());
        assertTrue(running.cancelReason(), running.cancelReason().contains("superseded by build #" + second.id()));
        Build queued = f.s.builds.find(second.id()).orElseThrow();
        assertEquals(BuildResult.CANCELLED, queued.outcome());
        assertTrue(queued.message(), queued.message().contains("superseded by build #" + third.id()));
        List<BuildStatus> s = f.statuses.forCommit(sha(2));
        assertEquals(StatusState.CANCELLED, s.get(s.size() - 1).state());
        assertEquals("other branch untouched", BuildState.QUEUED, f.s.builds.find(otherBranch.id()).orElseThrow().state());
        assertNull(f.s.builds.find(third.id()).orElseThrow().outcome());
    }
}
