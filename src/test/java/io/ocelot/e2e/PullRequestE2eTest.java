package io.ocelot.e2e;

import com.atlassian.bitbucket.build.status.RepositoryBuildStatusSetRequest;
import com.atlassian.bitbucket.repository.RefChangeType;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.BitbucketEvents;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Issue 11's pull-request and tag scenarios, end to end: Bitbucket-shaped events into the real listener, the real
 * planner and store, a real {@code ocelot werker} process cloning a real git repository and running the stages in
 * real Docker containers, and the build statuses as the strict Bitbucket stand-in received them.
 */
public class PullRequestE2eTest {
    @ClassRule
    public static final E2eRig rig = new E2eRig();
    private static PluginHarness h;

    private static final String PIPELINE = "image: " + E2eRig.IMAGE + """

            branches: [main, release/.*]
            tags: ['v[0-9]+\\.[0-9]+\\.[0-9]+']
            stages:
              - name: show
                script:
                  - echo "pr=${PR_ID:-none} from=${PR_SOURCE_BRANCH:-none} into=${PR_TARGET_BRANCH:-none} tag=${GIT_TAG:-none}"
                  - cat *.txt
            """;

    @BeforeClass
    public static void startPluginAndWerker() throws Exception {
        h = rig.plugin();
        rig.start(rig.werker(h, "pr")).awaitTakingWork();
    }

    private static void openPullRequest(RepositoryRef repo, long id, String source, String sourceCommit,
                                        String target, String targetCommit) {
        h.services().listener.onPullRequestOpened(BitbucketEvents.opened(
                BitbucketEvents.pullRequest(repo, id, source, sourceCommit, target, targetCommit), "alice"));
        h.awaitTriggers();
    }

    /** The final status with {@code key} on {@code commit}, waited for. */
    private static BuildStatus awaitFinal(String commit, String key) throws InterruptedException {
        E2eRig.await("a final '" + key + "' status on " + commit, Duration.ofSeconds(90),
                () -> finalStatus(commit, key).isPresent());
        return finalStatus(commit, key).orElseThrow();
    }

    private static Optional<BuildStatus> finalStatus(String commit, String key) {
        return h.statuses().forCommit(commit).stream()
                .filter(s -> s.key().equals(key) && s.state() != StatusState.INPROGRESS).reduce((a, b) -> b);
    }

    /** The last status Bitbucket received for {@code commit} under {@code key}. */
    private static RepositoryBuildStatusSetRequest received(String commit, String key) {
        return h.bitbucket().statusRequests().stream()
                .filter(r -> r.getCommitId().equals(commit) && r.getKey().equals(key)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("Bitbucket got no '" + key + "' status on " + commit));
    }

    private static Build onlyOfKind(RepositoryRef repo, String commit, TriggerKind kind) {
        List<Build> found = h.builds().byCommitPrefix(repo.id(), commit, 50).stream()
                .filter(b -> b.trigger() == kind).toList();
        assertEquals(found.toString(), 1, found.size());
        return h.builds().find(found.get(0).id()).orElseThrow();
    }

    @Test
    public void aPullRequestIntoMainBuildsTheMergeAndItsStatusShowsOnTheSourceCommitUnderThePrKey() throws Exception {
        RepositoryRef repo = h.enableRepository("PROJ", "merge");
        GitRepo git = rig.git(h, repo);
        String base = git.commitPipeline("main", PIPELINE, "base");
        git.write("source-only.txt", "only the source has me\n").commit("the feature");
        String source = git.push("feature/login");
        git.checkout(base).write("target-only.txt", "only the target has me\n").commit("main moves on");
        String target = git.push("main");

        openPullRequest(repo, 7, "feature/login", source, "main", target);
        BuildStatus done = awaitFinal(source, "ocelot-pr");

        Build b = onlyOfKind(repo, source, TriggerKind.PULL_REQUEST);
        assertEquals(E2eRig.stageOutput(h, b.id(), 1), BuildResult.PASSED, b.outcome());
        assertEquals("pr=7 from=feature/login into=main tag=none\n"
                + "only the source has me\nonly the target has me\n", E2eRig.stageOutput(h, b.id(), 1));
        assertEquals(StatusState.SUCCESSFUL, done.state());
        assertEquals(source, done.commit());
        RepositoryBuildStatusSetRequest got = received(source, "ocelot-pr");
        assertEquals("refs/heads/feature/login", got.getRef());
        assertEquals("ocelot-pr", got.getParent());
        assertTrue("nothing on the target commit", h.statuses().forCommit(target).isEmpty());
    }

    @Test
    public void aConflictingPullRequestFailsNamingTheConflictingPath() throws Exception {
        RepositoryRef repo = h.enableRepository("PROJ", "conflict");
        GitRepo git = rig.git(h, repo);
        git.write("shared.txt", "base line\n");
        String base = git.commitPipeline("main", PIPELINE, "base");
        git.write("shared.txt", "the feature's line\n").commit("the feature");
        String source = git.push("feature/x");
        git.checkout(base).write("shared.txt", "main's line\n").commit("main changes the same line");
        String target = git.push("main");

        openPullRequest(repo, 8, "feature/x", source, "main", target);
        BuildStatus done = awaitFinal(source, "ocelot-pr");

        Build b = onlyOfKind(repo, source, TriggerKind.PULL_REQUEST);
        assertEquals("a conflict is the pull request failing, not Ocelot erring", BuildResult.FAILED, b.outcome());
        assertTrue(b.message(), b.message().startsWith("merge conflict: the pull request does not merge into main"));
        assertTrue(b.message(), b.message().contains("conflicting path: shared.txt."));
        assertEquals(StatusState.FAILED, done.state());
        assertTrue(done.description(), done.description().contains("conflicting path: shared.txt"));
        assertEquals(StageStatus.SKIPPED, h.builds().stages(b.id()).get(0).status());
        assertEquals("", E2eRig.stageOutput(h, b.id(), 1));
    }

    @Test
    public void aPushAndAPullRequestOfOneCommitMakeTwoStatusesWithDifferentKeys() throws Exception {
        RepositoryRef repo = h.enableRepository("PROJ", "twokeys");
        GitRepo git = rig.git(h, repo);
        String target = git.commitPipeline("main", PIPELINE, "base");
        git.write("release.txt", "release notes\n").commit("release work");
        String commit = git.push("release/2.0");

        h.push(repo, "release/2.0", null, commit);
        openPullRequest(repo, 9, "release/2.0", commit, "main", target);
        BuildStatus push = awaitFinal(commit, "ocelot");
        BuildStatus pr = awaitFinal(commit, "ocelot-pr");

        assertEquals(StatusState.SUCCESSFUL, push.state());
        assertEquals(StatusState.SUCCESSFUL, pr.state());
        assertTrue("two builds", push.buildNumber() != pr.buildNumber());
        assertEquals(StatusState.SUCCESSFUL.name(), received(commit, "ocelot").getState().name());
        assertEquals(StatusState.SUCCESSFUL.name(), received(commit, "ocelot-pr").getState().name());
        assertEquals("the push builds the commit as it is",
                "pr=none from=none into=none tag=none\nrelease notes\n",
                E2eRig.stageOutput(h, push.buildNumber(), 1));
        assertEquals("pr=9 from=release/2.0 into=main tag=none\nrelease notes\n",
                E2eRig.stageOutput(h, pr.buildNumber(), 1));
    }

    @Test
    public void aTagOnACommitThatAlreadyBuiltBuildsWithGitTag() throws Exception {
        RepositoryRef repo = h.configure(RepositorySettings.enabledWithDefaults(h.repository("PROJ", "tagged"))
                .withBuildTags(true));
        GitRepo git = rig.git(h, repo);
        git.write("version.txt", "1.0.0\n");
        String commit = git.commitPipeline("main", PIPELINE, "release 1.0.0");
        Build pushed = h.push(repo, "main", null, commit).get(0);
        E2eRig.await("the push build finished", Duration.ofSeconds(90),
                () -> h.builds().find(pushed.id()).orElseThrow().isFinished());

        git.pushTag("v1.0.0", commit);
        h.services().listener.onRefsChanged(BitbucketEvents.push(repo, "admin", BitbucketEvents.refChange(
                "refs/tags/v1.0.0", true, RefChangeType.ADD, "0".repeat(40), commit)));
        h.awaitTriggers();

        List<Build> builds = h.builds().byCommitPrefix(repo.id(), commit, 50);
        assertEquals(builds.toString(), 2, builds.size());
        Build tagBuild = builds.stream().filter(b -> b.id() != pushed.id()).findFirst().orElseThrow();
        E2eRig.await("the tag build finished", Duration.ofSeconds(90),
                () -> h.builds().find(tagBuild.id()).orElseThrow().isFinished());
        assertEquals(BuildResult.PASSED, h.builds().find(tagBuild.id()).orElseThrow().outcome());
        assertEquals("pr=none from=none into=none tag=v1.0.0\n1.0.0\n", E2eRig.stageOutput(h, tagBuild.id(), 1));
        assertEquals("refs/tags/v1.0.0", received(commit, "ocelot").getRef());
    }
}
