package io.ocelot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ocelot.core.Json;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.MergeTarget;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

public class PlanCommandTest {
    private static final String SHA = "89abcdef0123456789abcdef0123456789abcdef";
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private String file;

    @Before
    public void writeFile() throws IOException {
        Path p = tmp.getRoot().toPath().resolve("ocelot.yml");
        Files.write(p, """
                image: ocelot/busybox
                branches: [main, feature/.*]
                env: [A=1]
                stages:
                  - name: build
                    script: [make]
                  - name: deploy
                    script: [make deploy]
                    triggers:
                      - \\branch main or \\text deploy and \\filepath src/
                """.getBytes(StandardCharsets.UTF_8));
        file = p.toString();
    }

    @Test
    public void printsThePlanAsJsonTheWerkerCanRead() throws IOException {
        CliRun r = CliRun.run("plan", file, "--branch", "feature/x", "--commit", SHA,
                "--message", "deploy please", "--changed", "src/A.java", "--changed", "README.md");
        assertEquals(r.err(), 0, r.exit());
        BuildPlan plan = Json.read(r.out(), BuildPlan.class);
        assertEquals("ocelot/busybox", plan.image());
        assertEquals(List.of("build", "deploy"), plan.stages().stream().map(s -> s.name()).toList());
        assertFalse("deploy AND src/ make the second directive true", plan.stages().get(1).skipped());
        assertEquals("1", plan.stages().get(0).env().get("A"));
        assertEquals(SHA, plan.stages().get(0).env().get("GIT_HASH"));
        assertEquals("89abcde", plan.stages().get(0).env().get("GIT_HASH_SHORT"));
        assertEquals("feature/x", plan.stages().get(0).env().get("GIT_BRANCH"));
        JsonNode tree = Json.mapper().readTree(r.out());
        assertTrue("pretty printed", r.out().contains("\n  \"stages\""));
        assertEquals(3600, tree.get("timeoutSeconds").asInt());
    }

    @Test
    public void skippedStagesCarryTheirReason() {
        CliRun r = CliRun.run("plan", file, "--branch", "feature/x", "--message", "deploy please");
        assertEquals(0, r.exit());
        BuildPlan plan = Json.read(r.out(), BuildPlan.class);
        assertTrue(plan.stages().get(1).skipped());
        assertTrue(plan.stages().get(1).skipReason(), plan.stages().get(1).skipReason().startsWith("no trigger matched"));
    }

    @Test
    public void noBuildPrintsTheReasonAndExits1() {
        CliRun r = CliRun.run("plan", file, "--branch", "wip");
        assertEquals(1, r.exit());
        assertEquals("no build: branch 'wip' does not match branches [main, feature/.*]\n", r.out());
        CliRun skip = CliRun.run("plan", file, "--branch", "main", "--message", "typo [CI SKIP]");
        assertEquals(1, skip.exit());
        assertEquals("no build: [CI SKIP] in commit message 'typo [CI SKIP]'\n", skip.out());
    }

    @Test
    public void forceAndManualTriggerBuildAnyway() {
        CliRun r = CliRun.run("plan", file, "--branch", "wip", "--trigger", "manual", "--force", "--message", "[skip ci]");
        assertEquals(r.err(), 0, r.exit());
        assertEquals("wip", Json.read(r.out(), BuildPlan.class).stages().get(0).env().get("GIT_BRANCH"));
    }

    @Test
    public void usageErrorsExit2() {
        CliRun noBranch = CliRun.run("plan", file);
        assertEquals(2, noBranch.exit());
        assertTrue(noBranch.err(), noBranch.err().contains("give --branch BRANCH"));
        CliRun badTrigger = CliRun.run("plan", file, "--branch", "main", "--trigger", "tag");
        assertEquals(2, badTrigger.exit());
        assertTrue(badTrigger.err(), badTrigger.err().contains("push, pr, manual"));
        CliRun badCommit = CliRun.run("plan", file, "--branch", "main", "--commit", "HEAD");
        assertEquals(2, badCommit.exit());
        assertTrue(badCommit.err(), badCommit.err().contains("--commit: expected a hexadecimal commit id, found 'HEAD'"));
        assertEquals(2, CliRun.run("plan", tmp.getRoot().toPath().resolve("none.yml").toString(), "--branch", "main").exit());
    }

    @Test
    public void aPullRequestIsFilteredByItsTargetAndPlansTheMergeAndItsVariables() {
        CliRun r = CliRun.run("plan", file, "--trigger", "pr", "--branch", "bugfix/login", "--target-branch", "main",
                "--pr-id", "42", "--commit", SHA, "--target-commit", "0123456789abcdef0123456789abcdef01234567");
        assertEquals(r.err(), 0, r.exit());
        BuildPlan plan = Json.read(r.out(), BuildPlan.class);
        assertEquals(new MergeTarget("main", "0123456789abcdef0123456789abcdef01234567"), plan.merge());
        assertEquals("42", plan.stages().get(0).env().get("PR_ID"));
        assertEquals("bugfix/login", plan.stages().get(0).env().get("PR_SOURCE_BRANCH"));
        assertEquals("main", plan.stages().get(0).env().get("PR_TARGET_BRANCH"));
        assertFalse("\\branch main is about the target", plan.stages().get(1).skipped());

        CliRun intoDevelop = CliRun.run("plan", file, "--trigger", "pr", "--branch", "main", "--target-branch",
                "develop", "--pr-id", "43");
        assertEquals(1, intoDevelop.exit());
        assertEquals("no build: pull request #43 targets branch 'develop', which does not match branches "
                + "[main, feature/.*]\n", intoDevelop.out());
    }

    @Test
    public void aTagIsPlannedWithGitTag() throws IOException {
        Path tagged = tmp.getRoot().toPath().resolve("tagged.yml");
        Files.writeString(tagged, "image: ocelot/busybox\nbranches: [main]\ntags: ['v.*']\nstages:\n"
                + "  - name: release\n    script: [make release]\n");
        CliRun r = CliRun.run("plan", tagged.toString(), "--tag", "v1.0.0");
        assertEquals(r.err(), 0, r.exit());
        assertEquals("v1.0.0", Json.read(r.out(), BuildPlan.class).stages().get(0).env().get("GIT_TAG"));
        CliRun nightly = CliRun.run("plan", tagged.toString(), "--tag", "nightly");
        assertEquals(1, nightly.exit());
        assertEquals("no build: tag 'nightly' does not match tags [v.*]\n", nightly.out());
    }

    @Test
    public void pullRequestAndTagOptionsThatDescribeNoEventAreUsageErrors() {
        CliRun noTarget = CliRun.run("plan", file, "--trigger", "pr", "--branch", "f");
        assertEquals(2, noTarget.exit());
        assertTrue(noTarget.err(), noTarget.err().contains("--trigger pr needs --target-branch BRANCH and --pr-id N"));
        CliRun notPr = CliRun.run("plan", file, "--branch", "f", "--target-branch", "main");
        assertEquals(2, notPr.exit());
        assertTrue(notPr.err(), notPr.err().contains("add --trigger pr"));
        CliRun both = CliRun.run("plan", file, "--branch", "f", "--tag", "v1");
        assertEquals(2, both.exit());
        assertTrue(both.err(), both.err().contains("--tag plans the push of a tag"));
        CliRun badId = CliRun.run("plan", file, "--trigger", "pr", "--branch", "f", "--target-branch", "main",
                "--pr-id", "0");
        assertEquals(2, badId.exit());
        assertTrue(badId.err(), badId.err().contains("--pr-id: expected a pull request number"));
    }

    @Test
    public void invalidFileExits1WithErrorsOnStderr() throws IOException {
        Path bad = tmp.getRoot().toPath().resolve("bad.yml");
        Files.write(bad, "image: x\n".getBytes(StandardCharsets.UTF_8));
        CliRun r = CliRun.run("plan", bad.toString(), "--branch", "main");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(bad + ":1:1: missing 'stages': list at least one stage with a 'name' and a 'script'\n", r.err());
    }
}
