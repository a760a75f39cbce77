package io.ocelot.plugin.werker;

import io.ocelot.core.plan.TriggerKind;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.NewBuild;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.testkit.BitbucketEvents;
import io.ocelot.plugin.testkit.Fixture;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Issue 14: a secret limited to branches reaches only builds of those branches, and a pull request from a fork gets
 * no secret at all (nor does its rebuild), while a pull request inside the repository keeps them. Real AO (HSQLDB),
 * the real event listener, trigger service and werker service; Bitbucket's events are stand-ins.
 */
public class JobSecretsTest {
    private static final Map<String, String> SECRETS = Map.of("DEPLOY_KEY", "deploy-value", "TOKEN", "token-value");
    private final Fixture f = new Fixture();
    private int werkers;

    @Before
    public void secrets() {
        f.s.repositorySettings.save(RepositorySettings.enabledWithDefaults(f.repo), SECRETS, Set.of(), Map.of());
    }

    @After
    public void close() {
        f.close();
    }

    private Job poll() throws InterruptedException {
        Werker w = f.werker("w" + ++werkers);
        return f.s.werkers.poll(w, new PollRequest(Protocol.VERSION, 1, List.of())).orElseThrow();
    }

    private Job pushBuild(String branch, int n) throws InterruptedException {
        var p = plan("ocelot/busybox", null, "build");
        f.s.buildQueue.enqueue(new NewBuild(f.repo, branch, "refs/heads/" + branch, sha(n), p.pipeline(), TriggerKind.PUSH,
                0, "alice", p, null));
        return poll();
    }

    @Test
    public void aBranchLimitedSecretReachesMainButNotAFeatureBranch() throws Exception {
        f.s.repositorySettings.limitSecret(f.repo, "DEPLOY_KEY", List.of("main", "release/.*"));
        assertEquals(Map.of("DEPLOY_KEY", List.of("main", "release/.*")), f.s.repositorySettings.secretBranches(f.repo));

        assertEquals(SECRETS, pushBuild("main", 1).secrets());
        assertEquals(SECRETS, pushBuild("release/2.0", 2).secrets());
        assertEquals("the unlimited secret only", Map.of("TOKEN", "token-value"), pushBuild("feature/x", 3).secrets());
        assertEquals("whole-name match: main is not maintenance", Map.of("TOKEN", "token-value"),
                pushBuild("maintenance", 4).secrets());

        f.s.repositorySettings.limitSecret(f.repo, "DEPLOY_KEY", List.of());
        assertEquals("the limit lifted", SECRETS, pushBuild("feature/x", 5).secrets());
    }

    @Test
    public void removingASecretRemovesItsLimitAndBadLimitsAreRefused() {
        f.s.repositorySettings.limitSecret(f.repo, "DEPLOY_KEY", List.of("main"));
        try {
            f.s.repositorySettings.limitSecret(f.repo, "TOKEN", List.of("feature/(x"));
            fail("an invalid regular expression was taken");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("secret 'TOKEN': branch pattern 'feature/(x'"));
        }
        try {
            f.s.repositorySettings.limitSecret(f.repo, "NOPE", List.of("main"));
            fail("a limit for a secret that does not exist was taken");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no secret variable of that name"));
        }
        f.s.repositorySettings.save(RepositorySettings.enabledWithDefaults(f.repo), Map.of(), Set.of("DEPLOY_KEY"),
                Map.of());
        assertEquals(Map.of(), f.s.repositorySettings.secretBranches(f.repo));
        f.s.repositorySettings.save(RepositorySettings.enabledWithDefaults(f.repo), Map.of("DEPLOY_KEY", "again"),
                Set.of(), Map.of());
        assertEquals("set again, it is not limited by the old rule", Map.of(),
                f.s.repositorySettings.secretBranches(f.repo));
    }

    private Build pullRequestBuild(RepositoryRef target, int n) throws InterruptedException {
        f.files.put(f.repo, sha(n), "ocelot.yml", "image: ocelot/busybox\n");
        f.planNext(plan("ocelot/busybox", null, "build"));
        f.s.listener.onPullRequestOpened(BitbucketEvents.opened(
                BitbucketEvents.pullRequest(f.repo, target, n, "feature", sha(n), "main", sha(100)), "mallory"));
        assertTrue(f.s.triggerQueue.awaitIdle(10_000));
        return f.s.builds.byCommitPrefix(f.repo.id(), sha(n), 1).get(0);
    }

    @Test
    public void aPullRequestFromAForkGetsNoSecretsNorDoesItsRebuild() throws Exception {
        RepositoryRef upstream = new RepositoryRef(8, "UP", "repo");
        Build pr = pullRequestBuild(upstream, 1);
        assertEquals(TriggerKind.PULL_REQUEST, pr.trigger());
        assertTrue("stored as a fork's build", pr.fromFork());
        Job job = poll();
        assertEquals(pr.id(), job.buildId());
        assertEquals(Map.of(), job.secrets());

        long rebuilt = f.s.commands.rebuild(pr.id(), "admin").buildId();
        Job again = poll();
        assertEquals(rebuilt, again.buildId());
        assertTrue(f.s.builds.find(rebuilt).orElseThrow().fromFork());
        assertEquals("a rebuild of a fork's PR stays without secrets", Map.of(), again.secrets());
    }

    @Test
    public void aPullRequestInsideTheRepositoryKeepsItsSecrets() throws Exception {
        Build pr = pullRequestBuild(f.repo, 2);
        assertFalse(pr.fromFork());
        assertEquals(SECRETS, poll().secrets());
    }
}
