package io.ocelot.e2e;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.BitbucketEvents;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * Scenario 1 (issue 6) and issue 4's end-to-end "done when": Bitbucket-shaped events into the real listener, the
 * plugin's real services on the real AO ORM, the werker REST API over real HTTP, a real {@code ocelot werker start}
 * process running the stages in real Docker containers from a real git clone — and what the user sees at the end:
 * the build status on the commit, the build with its stages, and its log.
 */
public class PushToStatusE2eTest {
    @ClassRule
    public static final E2eRig rig = new E2eRig();
    private static PluginHarness h;
    private static WerkerProcess werker;

    @BeforeClass
    public static void startPluginAndWerker() throws Exception {
        h = rig.plugin();
        werker = rig.start(rig.werker(h, "push")).awaitTakingWork();
    }

    private static String pipeline(String stages) {
        return "image: " + E2eRig.IMAGE + "\nstages:\n" + stages;
    }

    private static String log(Build b) {
        return new String(h.logs().readAll(b.id(), b.attempt()), StandardCharsets.UTF_8);
    }

    private static String stageOutput(Build b) {
        return E2eRig.stageOutput(h, b.id(), b.attempt());
    }

    private static Build only(List<Build> builds) {
        assertEquals("builds: " + builds, 1, builds.size());
        return builds.get(0);
    }

    private static BuildStatus awaitFinal(String commit) throws InterruptedException {
        BuildStatus s = h.statuses().awaitFinal(commit, 60_000);
        assertNotNull("no final status on " + commit + "; published: " + h.statuses().forCommit(commit), s);
        return s;
    }

    @Test
    public void aPushEndsInASuccessfulStatusWithStagesAndLogInTheStore() throws Exception {
        RepositoryRef repo = h.enableRepository("PROJ", "green");
        GitRepo git = rig.git(h, repo);
        git.write("hello.txt", "hello from the repository\n");
        String commit = git.commitPipeline("main", pipeline("""
                  - name: build
                    script:
                      - echo "building $GIT_BRANCH at $GIT_HASH_SHORT"
                      - cat hello.txt
                  - name: test
                    script:
                      - echo testing >&2
                """), "first");

        Build queued = only(h.push(repo, "main", null, commit));
        assertEquals(TriggerKind.PUSH, queued.trigger());
        assertEquals("admin", queued.triggeredBy());
        BuildStatus done = awaitFinal(commit);

        assertEquals(StatusState.SUCCESSFUL, done.state());
        assertEquals("ocelot", done.key());
        assertEquals("refs/heads/main", done.ref());
        assertEquals(queued.id(), done.buildNumber());
        assertEquals("2/2 stages passed", done.description());
        assertEquals("Ocelot #" + queued.id() + " · main", done.name());
        List<BuildStatus> series = E2eRig.oneSeries(h, queued.id());
        assertEquals("queued", series.get(0).description());
        assertTrue(series.toString(), series.stream().anyMatch(s -> s.description().startsWith("running build (1/2)")));

        Build b = h.builds().find(queued.id()).orElseThrow();
        assertEquals(BuildState.FINISHED, b.state());
        assertEquals(BuildResult.PASSED, b.outcome());
        assertEquals(1, b.attempt());
        assertEquals(werker.name(), E2eRig.werkerName(h, b.werkerId()));
        assertTrue(b.queuedAt() > 0 && b.startedAt() >= b.queuedAt() && b.finishedAt() >= b.startedAt());
        List<Stage> stages = h.builds().stages(b.id());
        assertEquals(List.of("build", "test"), stages.stream().map(Stage::name).toList());
        for (Stage s : stages) {
            assertEquals(s.name(), StageStatus.PASSED, s.status());
            assertEquals(s.name(), Integer.valueOf(0), s.exitCode());
            assertTrue(s.name(), s.startedAt() > 0);
        }
        String stageOutput = "building main at " + commit.substring(0, 7) + "\nhello from the repository\ntesting\n";
        assertEquals(stageOutput, stageOutput(b));
        // the clone and the container's set-up run at once: their three lines come in any order (each step's in its
        // own); the commit is its branch's tip: one shallow clone of the branch brings it, checked out (GitCheckout)
        String fetch = Pattern.quote("$ git clone --depth 1 --branch main (the build's repository)\n");
        String limits = "\\$ limits: [^\n]+\n";
        String container = "\\$ creating container " + Pattern.quote("ocelot-" + werker.name() + "-" + b.id() + "-")
                + "[0-9a-z]+ from " + Pattern.quote(E2eRig.IMAGE) + "\n";
        String setUp = "(?:" + fetch + "|" + limits + "|" + container + "){3}";
        assertTrue(log(b), log(b).indexOf("$ limits") < log(b).indexOf("$ creating container"));
        // each stage framed by its marker lines (StageMarker), found by a pattern in the plain text
        String took = " in [0-9.]+m?s, exit code 0\n";
        String framed = Pattern.quote("--- ocelot stage 1/2 \"build\" started\n")
                + Pattern.quote("building main at " + commit.substring(0, 7) + "\nhello from the repository\n")
                + Pattern.quote("--- ocelot stage 1/2 \"build\" PASSED") + took
                + Pattern.quote("--- ocelot stage 2/2 \"test\" started\ntesting\n")
                + Pattern.quote("--- ocelot stage 2/2 \"test\" PASSED") + took;
        assertTrue(log(b), log(b).matches(setUp + framed));
        assertEquals(log(b).length(), b.logLength());
    }

    @Test
    public void aFailingStageEndsFailedWithItsExitCodeAndLaterStagesSkipped() throws Exception {
        RepositoryRef repo = h.enableRepository("PROJ", "red");
        GitRepo git = rig.git(h, repo);
        String commit = git.commitPipeline("main", pipeline("""
                  - name: build
                    script: [echo compiling]
                  - name: test
                    script:
                      - echo "running 3 tests"
                      - echo "2 tests failed" >&2
                      - exit 3
                      - echo never
                  - name: deploy
                    script: [echo deploying]
                """), "break the tests");

        Build queued = only(h.push(repo, "main", null, commit));
        BuildStatus done = awaitFinal(commit);

        assertEquals(StatusState.FAILED, done.state());
        assertEquals("1/2 stages passed · failed at test", done.description());
        E2eRig.oneSeries(h, queued.id());
        Build b = h.builds().find(queued.id()).orElseThrow();
        assertEquals(BuildResult.FAILED, b.outcome());
        List<Stage> stages = h.builds().stages(b.id());
        assertEquals(StageStatus.PASSED, stages.get(0).status());
        Stage test = stages.get(1);
        assertEquals(StageStatus.FAILED, test.status());
        assertEquals(Integer.valueOf(3), test.exitCode());
        assertNotNull(test.message());
        assertTrue(test.message(), test.message().contains("3"));
        assertEquals(StageStatus.SKIPPED, stages.get(2).status());
        assertEquals("an earlier stage failed", stages.get(2).message());
        // stdout and stderr are separate pipes: their relative order is not defined, each one's is
        assertEquals("compiling\nrunning 3 tests\n", E2eRig.output(h, b.id(), 1, c -> c.stream() == LogStream.STDOUT));
        assertEquals("2 tests failed\n", E2eRig.output(h, b.id(), 1, c -> c.stream() == LogStream.STDERR));
        assertEquals("each line is stored with its stage", "compiling\n", E2eRig.output(h, b.id(), 1, c -> c.stage() == 0));
    }

    @Test
    public void anInvalidPipelineFileEndsFailedWithTheValidationErrorsWithoutAWerker() throws Exception {
        RepositoryRef repo = h.enableRepository("PROJ", "invalid");
        GitRepo git = rig.git(h, repo);
        String commit = git.commitPipeline("main", "image: " + E2eRig.IMAGE + "\nstage:\n  - name: x\n",
                "typo in ocelot.yml");

        Build b = only(h.push(repo, "main", null, commit));

        assertEquals(BuildState.FINISHED, b.state());
        assertEquals(BuildResult.FAILED, b.outcome());
        assertTrue(b.message(), b.message().startsWith("ocelot.yml is invalid:\n"));
        assertTrue(b.message(), b.message().contains("ocelot.yml:2:1: unknown key 'stage' — did you mean 'stages'?"));
        assertEquals("no werker was involved", 0, b.werkerId());
        assertEquals(0, b.attempt());
        assertEquals(0, b.startedAt());
        assertEquals(0, h.logs().readAll(b.id(), 1).length);
        List<BuildStatus> statuses = h.statuses().forCommit(commit);
        assertEquals(statuses.toString(), 1, statuses.size());
        assertEquals(StatusState.FAILED, statuses.get(0).state());
        assertTrue(statuses.get(0).description(), statuses.get(0).description().startsWith("ocelot.yml is invalid:"));
    }

    @Test
    public void skipCiInTheCommitMessageMakesNoBuild() throws Exception {
        RepositoryRef repo = h.enableRepository("PROJ", "skip");
        GitRepo git = rig.git(h, repo);
        String built = git.commitPipeline("main", pipeline("""
                  - name: build
                    script: [echo built]
                """), "a real change");
        String skipped = git.write("README", "docs\n").commit("docs only [skip ci]");
        git.push("main");

        assertEquals(List.of(), h.push(repo, "main", built, skipped));
        assertEquals(List.of(), h.statuses().forCommit(skipped));
        // the same repository and file do build a commit without the marker
        git.write("README", "more docs\n").commit("more docs");
        String next = git.push("main");
        Build b = only(h.push(repo, "main", skipped, next));
        assertEquals(StatusState.SUCCESSFUL, awaitFinal(next).state());
        assertEquals(List.of(b.id()), h.builds().recent(repo.id(), 10).stream().map(Build::id).toList());
    }

    @Test
    public void aBranchOutsideTheBranchFilterMakesNoBuild() throws Exception {
        RepositoryRef repo = h.enableRepository("PROJ", "filter");
        GitRepo git = rig.git(h, repo);
        String commit = git.commitPipeline("feature/x", "image: " + E2eRig.IMAGE + "\nbranches: [main]\nstages:\n"
                + "  - name: build\n    script: [echo built]\n", "only main builds");

        assertEquals(List.of(), h.push(repo, "feature/x", null, commit));
        assertEquals(List.of(), h.statuses().forCommit(commit));
        // the same commit on main builds
        git.push("main");
        Build b = only(h.push(repo, "main", null, commit));
        assertEquals("main", b.branch());
        assertEquals(StatusState.SUCCESSFUL, awaitFinal(commit).state());
    }

    @Test
    public void aPullRequestOpenedBuildsThePullRequest() throws Exception {
        RepositoryRef repo = h.enableRepository("PROJ", "pr");
        GitRepo git = rig.git(h, repo);
        String target = git.commitPipeline("main", pipeline("""
                  - name: build
                    script: [echo "building $GIT_BRANCH"]
                """), "base");
        git.write("feature.txt", "new\n").commit("the feature");
        String source = git.push("feature");

        h.services().listener.onPullRequestOpened(BitbucketEvents.opened(
                BitbucketEvents.pullRequest(repo, 7, "feature", source, "main", target), "alice"));
        h.awaitTriggers();

        Build queued = only(h.builds().byCommitPrefix(repo.id(), source, 10));
        assertEquals(TriggerKind.PULL_REQUEST, queued.trigger());
        assertEquals(7, queued.prId());
        assertEquals("alice", queued.triggeredBy());
        BuildStatus done = awaitFinal(source);
        assertEquals(StatusState.SUCCESSFUL, done.state());
        assertEquals("Ocelot #" + queued.id() + " · PR #7", done.name());
        E2eRig.oneSeries(h, queued.id());
        Build b = h.builds().find(queued.id()).orElseThrow();
        assertEquals(BuildResult.PASSED, b.outcome());
        assertEquals("building feature\n", stageOutput(b));
        assertFalse("no build of the target commit", h.statuses().all().stream()
                .anyMatch(s -> s.commit().equals(target)));
    }
}
