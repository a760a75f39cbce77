package io.ocelot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ocelot.core.Json;
import io.ocelot.core.plan.BuildPlan;
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
        assertEquals("--branch is required", 2, CliRun.run("plan", file).exit());
        CliRun badTrigger = CliRun.run("plan", file, "--branch", "main", "--trigger", "tag");
        assertEquals(2, badTrigger.exit());
        assertTrue(badTrigger.err(), badTrigger.err().contains("push, pr, manual"));
        CliRun badCommit = CliRun.run("plan", file, "--branch", "main", "--commit", "HEAD");
        assertEquals(2, badCommit.exit());
        assertTrue(badCommit.err(), badCommit.err().contains("--commit: expected a hexadecimal commit id, found 'HEAD'"));
        assertEquals(2, CliRun.run("plan", tmp.getRoot().toPath().resolve("none.yml").toString(), "--branch", "main").exit());
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
