package io.ocelot.core.plan;

import io.ocelot.core.Json;
import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineFile;
import io.ocelot.core.lang.PipelineParser;
import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * The decisions of issue 11: a pull request is filtered by its target branch and merges into the target tip; a tag
 * is filtered by {@code tags}; both get their built-in variables.
 */
public class PullRequestAndTagPlanningTest {
    private static final String SOURCE = "0123456789abcdef0123456789abcdef01234567";
    private static final String TARGET = "fedcba9876543210fedcba9876543210fedcba98";
    private final Planner planner = new Planner();

    private static PipelineFile file(String yaml) {
        ParseResult r = PipelineParser.parse("ocelot.yml", yaml.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.report(), r.isValid());
        return r.pipeline();
    }

    private static final String README_FILE = """
            image: ocelot/busybox
            branches: [main, release/.*]
            tags: ['v[0-9]+\\.[0-9]+\\.[0-9]+']
            stages:
              - name: build
                script: [make]
              - name: deploy
                script: [make deploy]
                trigger: {branches: [main]}
            """;

    private static BuildEvent pr(long id, String source, String target) {
        return BuildEvent.pullRequest(new PullRequestScope(id, source, target, TARGET), SOURCE, List.of("add login"),
                List.of("login.txt"));
    }

    @Test
    public void aPullRequestIntoAFilteredBranchBuildsWhateverItsSourceBranch() {
        Decision d = planner.plan(file(README_FILE), pr(7, "feature/login", "main"));
        assertTrue(d.reason(), d.shouldBuild());
        assertEquals(new MergeTarget("main", TARGET), d.plan().merge());
    }

    @Test
    public void aPullRequestIntoABranchOutsideTheFilterDoesNotBuildAndNamesTheTarget() {
        Decision d = planner.plan(file(README_FILE), pr(8, "main", "develop"));
        assertFalse(d.shouldBuild());
        assertEquals("pull request #8 targets branch 'develop', which does not match branches [main, release/.*]",
                d.reason());
    }

    @Test
    public void aPullRequestBuildCarriesItsVariablesAndGitBranchStaysTheSource() {
        BuildPlan plan = planner.plan(file(README_FILE), pr(7, "feature/login", "release/2.0")).plan();
        Map<String, String> env = plan.stages().get(0).env();
        assertEquals("7", env.get("PR_ID"));
        assertEquals("feature/login", env.get("PR_SOURCE_BRANCH"));
        assertEquals("release/2.0", env.get("PR_TARGET_BRANCH"));
        assertEquals("feature/login", env.get("GIT_BRANCH"));
        assertEquals(SOURCE, env.get("GIT_HASH"));
        assertNull(env.get("GIT_TAG"));
    }

    @Test
    public void aStageBranchConditionIsAboutThePullRequestsTargetToo() {
        BuildPlan intoMain = planner.plan(file(README_FILE), pr(7, "feature/login", "main")).plan();
        assertFalse(intoMain.stages().get(1).skipped());
        BuildPlan intoRelease = planner.plan(file(README_FILE), pr(9, "feature/login", "release/2.0")).plan();
        assertTrue(intoRelease.stages().get(1).skipped());
        assertEquals("branch 'release/2.0' does not match trigger.branches [main]",
                intoRelease.stages().get(1).skipReason());
    }

    @Test
    public void aPushCarriesNeitherPullRequestVariablesNorAMerge() {
        BuildPlan plan = planner.plan(file(README_FILE), BuildEvent.push("main", SOURCE, List.of(), List.of())).plan();
        assertNull(plan.merge());
        assertFalse(plan.stages().get(0).env().containsKey("PR_ID"));
        assertFalse("a plan without a merge serialises as before", Json.write(plan).contains("merge"));
    }

    @Test
    public void aPullRequestWhoseTargetTipIsNotKnownPlansWithoutAMerge() {
        BuildEvent e = BuildEvent.pullRequest(new PullRequestScope(3, "f", "main", null), SOURCE, List.of(), List.of());
        assertNull(planner.plan(file(README_FILE), e).plan().merge());
    }

    @Test
    public void theMergeSurvivesTheStoredPlansRoundTrip() {
        BuildPlan plan = planner.plan(file(README_FILE), pr(7, "feature/login", "main")).plan().withBuildId(12);
        BuildPlan read = Json.read(Json.write(plan), BuildPlan.class);
        assertEquals(new MergeTarget("main", TARGET), read.merge());
        assertEquals(new MergeTarget("main", TARGET), read.withNotifications(null).merge());
    }

    @Test
    public void aTagMatchingTagsBuildsWithGitTagWhateverTheBranchFilter() {
        Decision d = planner.plan(file(README_FILE), BuildEvent.tag("v1.2.0", SOURCE, List.of(), List.of()));
        assertTrue(d.reason(), d.shouldBuild());
        assertEquals("v1.2.0", d.plan().stages().get(0).env().get("GIT_TAG"));
        assertNull(d.plan().merge());
    }

    @Test
    public void aTagOutsideTagsDoesNotBuildAndSaysWhy() {
        Decision d = planner.plan(file(README_FILE), BuildEvent.tag("nightly", SOURCE, List.of(), List.of()));
        assertFalse(d.shouldBuild());
        assertEquals("tag 'nightly' does not match tags [v[0-9]+\\.[0-9]+\\.[0-9]+]", d.reason());
    }

    @Test
    public void withoutTagsEveryTagBuilds() {
        PipelineFile f = file("image: ocelot/busybox\nbranches: [main]\nstages:\n  - name: s\n    script: [x]\n");
        assertTrue(planner.plan(f, BuildEvent.tag("anything", SOURCE, List.of(), List.of())).shouldBuild());
    }

    @Test
    public void tagsDoNotSelectBranches() {
        PipelineFile f = file("image: ocelot/busybox\ntags: [v.*]\nstages:\n  - name: s\n    script: [x]\n");
        assertTrue(planner.plan(f, BuildEvent.push("feature", SOURCE, List.of(), List.of())).shouldBuild());
    }

    @Test
    public void skipCiStillAppliesToPullRequestsAndTags() {
        PipelineFile f = file(README_FILE);
        BuildEvent prSkip = BuildEvent.pullRequest(new PullRequestScope(7, "f", "main", TARGET), SOURCE,
                List.of("wip [skip ci]"), List.of());
        assertEquals("[skip ci] in commit message 'wip [skip ci]'", planner.plan(f, prSkip).reason());
        BuildEvent tagSkip = BuildEvent.tag("v1.0.0", SOURCE, List.of("[ci skip] release"), List.of());
        assertFalse(planner.plan(f, tagSkip).shouldBuild());
    }

    @Test(expected = IllegalArgumentException.class)
    public void pullRequestFactsOnAPushAreRefused() {
        new BuildEvent("f", SOURCE, List.of(), List.of(), TriggerKind.PUSH, false, 0,
                new PullRequestScope(1, "f", "main", TARGET), null);
    }
}
