package io.ocelot.plugin.trigger;

import com.atlassian.bitbucket.repository.RefChangeType;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.MergeTarget;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.e2e.GitRepo;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.testkit.BitbucketEvents;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * Pull-request and tag events through the real listener, the real parser and planner, the store and the real status
 * publisher over the strict Bitbucket (no werker: what is decided and stored before a build runs).
 */
public class PullRequestAndTagTriggerTest {
    private static final String FILE = """
            image: ocelot/busybox
            branches: [main, release/.*]
            tags: ['v[0-9]+\\.[0-9]+\\.[0-9]+']
            stages:
              - name: build
                script: [echo built]
            """;
    private PluginHarness h;
    private RepositoryRef repo;
    private GitRepo git;

    @Before
    public void start() throws Exception {
        h = PluginHarness.start("jdbc:hsqldb:mem:pr-and-tag-" + System.nanoTime());
        repo = h.configure(RepositorySettings.enabledWithDefaults(h.repository("PROJ", "repo")).withBuildTags(true));
        git = GitRepo.init(h.repositoryDir(repo), Files.createTempDirectory("ocelot-work"));
    }

    @After
    public void stop() {
        if (h != null) {
            h.close();
        }
    }

    private List<Build> openPullRequest(long id, String source, String sourceCommit, String target,
                                        String targetCommit) {
        h.services().listener.onPullRequestOpened(BitbucketEvents.opened(
                BitbucketEvents.pullRequest(repo, id, source, sourceCommit, target, targetCommit), "alice"));
        h.awaitTriggers();
        return h.builds().byCommitPrefix(repo.id(), sourceCommit, 50);
    }

    private List<Build> pushTag(String tag, String commit) {
        h.services().listener.onRefsChanged(BitbucketEvents.push(repo, "admin", BitbucketEvents.refChange(
                "refs/tags/" + tag, true, RefChangeType.ADD, "0".repeat(40), commit)));
        h.awaitTriggers();
        return h.builds().byCommitPrefix(repo.id(), commit, 50);
    }

    private static BuildPlan plan(Build b) {
        return b.plan();
    }

    @Test
    public void aPullRequestFromAFeatureBranchIntoMainBuildsTheMergeUnderThePullRequestKey() {
        String target = git.commitPipeline("main", FILE, "base");
        git.write("login.txt", "login\n").commit("add login");
        String source = git.push("feature/login");

        List<Build> builds = openPullRequest(7, "feature/login", source, "main", target);

        assertEquals(builds.toString(), 1, builds.size());
        Build b = builds.get(0);
        assertEquals(TriggerKind.PULL_REQUEST, b.trigger());
        assertEquals(new MergeTarget("main", target), plan(b).merge());
        Map<String, String> env = plan(b).stages().get(0).env();
        assertEquals("7", env.get("PR_ID"));
        assertEquals("feature/login", env.get("PR_SOURCE_BRANCH"));
        assertEquals("main", env.get("PR_TARGET_BRANCH"));
        BuildStatus s = h.statuses().forCommit(source).get(0);
        assertEquals("ocelot-pr", s.key());
        assertEquals("ocelot-pr", s.parent());
        assertEquals("on the source tip, with the source branch's ref", "refs/heads/feature/login", s.ref());
        assertEquals("Bitbucket received it", "ocelot-pr", h.bitbucket().statusRequests().get(0).getKey());
    }

    @Test
    public void aPullRequestIntoABranchOutsideTheFilterMakesNoBuild() {
        String target = git.commitPipeline("develop", FILE, "base");
        git.write("login.txt", "login\n").commit("add login");
        String source = git.push("feature/login");

        assertEquals(List.of(), openPullRequest(8, "feature/login", source, "develop", target));
        assertEquals(List.of(), h.statuses().forCommit(source));
    }

    @Test
    public void aRescopeOfTheTargetBuildsTheNewMergeAndARepeatedEventNothingMore() {
        String target = git.commitPipeline("main", FILE, "base");
        git.write("login.txt", "login\n").commit("add login");
        String source = git.push("feature/login");
        git.write("other.txt", "other\n").commit("main moves on"); // a commit on top, pushed to main only
        String movedTarget = git.push("main");
        openPullRequest(7, "feature/login", source, "main", target);

        var moved = BitbucketEvents.rescoped(BitbucketEvents.pullRequest(repo, 7, "feature/login", source, "main",
                movedTarget), "alice", source, target);
        h.services().listener.onPullRequestRescoped(moved);
        h.services().listener.onPullRequestRescoped(moved);
        h.awaitTriggers();

        List<Build> builds = h.builds().byCommitPrefix(repo.id(), source, 50).stream()
                .sorted(Comparator.comparingLong(Build::id)).toList();
        assertEquals(builds.toString(), 2, builds.size());
        assertEquals(target, plan(builds.get(0)).merge().commit());
        assertEquals(movedTarget, plan(builds.get(1)).merge().commit());
    }

    @Test
    public void aPushAndAPullRequestOfOneCommitAreTwoBuildsWithTwoKeys() {
        String target = git.commitPipeline("main", FILE, "base");
        git.write("login.txt", "login\n").commit("add login");
        String source = git.push("release/2.0");
        h.push(repo, "release/2.0", null, source);
        openPullRequest(3, "release/2.0", source, "main", target);

        List<Build> builds = h.builds().byCommitPrefix(repo.id(), source, 50);
        assertEquals(builds.toString(), 2, builds.size());
        assertEquals(List.of("ocelot", "ocelot-pr"),
                h.statuses().forCommit(source).stream().map(BuildStatus::key).distinct().sorted().toList());
        assertNull("the push builds the commit as it is", plan(builds.stream()
                .filter(b -> b.trigger() == TriggerKind.PUSH).findFirst().orElseThrow()).merge());
    }

    @Test
    public void aTagOnACommitThatAlreadyBuiltBuildsWithItsName() {
        String commit = git.commitPipeline("main", FILE, "release me");
        Build pushed = h.push(repo, "main", null, commit).get(0);

        List<Build> builds = pushTag("v1.2.0", commit);

        assertEquals(builds.toString(), 2, builds.size());
        Build tagBuild = builds.stream().filter(b -> b.id() != pushed.id()).findFirst().orElseThrow();
        assertEquals("refs/tags/v1.2.0", tagBuild.ref());
        assertEquals("v1.2.0", plan(tagBuild).stages().get(0).env().get("GIT_TAG"));
        assertEquals("the same tag again adds nothing", 2, pushTag("v1.2.0", commit).size());
        assertEquals("another tag on it is another build", 3, pushTag("v1.3.0", commit).size());
    }

    @Test
    public void aTagOutsideTagsMakesNoBuildAndTheSettingStaysTheSwitch() {
        String commit = git.commitPipeline("main", FILE, "base");
        assertEquals(List.of(), pushTag("nightly-1", commit));
        h.configure(RepositorySettings.enabledWithDefaults(repo)); // "Build tags" off
        assertEquals(List.of(), pushTag("v2.0.0", commit));
    }

    @Test
    public void aRebuildOfAPullRequestBuildMergesIntoTheSameTargetUnderThePullRequestKey() {
        String target = git.commitPipeline("main", FILE, "base");
        git.write("login.txt", "login\n").commit("add login");
        String source = git.push("feature/login");
        Build first = openPullRequest(7, "feature/login", source, "main", target).get(0);

        long again = h.services().commands.rebuild(first.id(), "admin").buildId();

        Build rebuilt = h.builds().find(again).orElseThrow();
        assertNotEquals(first.id(), rebuilt.id());
        assertEquals(TriggerKind.MANUAL, rebuilt.trigger());
        assertEquals(new MergeTarget("main", target), plan(rebuilt).merge());
        assertTrue(h.statuses().forCommit(source).stream().filter(s -> s.buildNumber() == again)
                .allMatch(s -> s.key().equals("ocelot-pr")));
    }
}
