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

/** Build-or-not, the plan's stages, environment, workdirs, timeouts and skip reasons. */
public class PlannerTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private final Planner planner = new Planner();

    private static PipelineFile file(String yaml) {
        ParseResult r = PipelineParser.parse("ocelot.yml", yaml.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.report(), r.isValid());
        return r.pipeline();
    }

    private static BuildEvent push(String branch, List<String> messages, List<String> paths) {
        return BuildEvent.push(branch, SHA, messages, paths);
    }

    private static final String BRANCHES = """
            image: ocelot/busybox
            branches: [main, release/.*]
            stages:
              - name: build
                script: [make]
            """;

    @Test
    public void branchOutsideTheFilterDoesNotBuildAndSaysWhy() {
        Decision d = planner.plan(file(BRANCHES), push("wip", List.of(), List.of()));
        assertFalse(d.shouldBuild());
        assertNull(d.plan());
        assertEquals("branch 'wip' does not match branches [main, release/.*]", d.reason());
    }

    @Test
    public void branchFilterMatchesTheWholeName() {
        assertTrue(planner.plan(file(BRANCHES), push("release/2.0", List.of(), List.of())).shouldBuild());
        assertTrue(planner.plan(file(BRANCHES), push("main", List.of(), List.of())).shouldBuild());
        assertFalse(planner.plan(file(BRANCHES), push("main-old", List.of(), List.of())).shouldBuild());
    }

    @Test
    public void forceBypassesTheBranchFilterAndSkipCi() {
        BuildEvent forced = new BuildEvent("wip", SHA, List.of("[skip ci]"), List.of(), TriggerKind.MANUAL, true, 0);
        assertTrue(planner.plan(file(BRANCHES), forced).shouldBuild());
    }

    @Test
    public void skipCiInAnyPushedMessageInAnyCaseMeansNoBuild() {
        PipelineFile f = file(BRANCHES);
        for (String marker : List.of("[skip ci]", "[ci skip]", "[SKIP CI]", "[Ci Skip]")) {
            Decision d = planner.plan(f, push("main", List.of("first commit", "docs only " + marker + "\n\nbody"), List.of()));
            assertFalse(marker, d.shouldBuild());
            assertEquals(marker + " in commit message 'docs only " + marker + "'", d.reason());
        }
        assertTrue("other brackets do not count",
                planner.plan(f, push("main", List.of("[skip] ci", "[ci] skip"), List.of())).shouldBuild());
    }

    @Test
    public void branchFilterIsCheckedBeforeSkipCi() {
        Decision d = planner.plan(file(BRANCHES), push("wip", List.of("[skip ci]"), List.of()));
        assertTrue(d.reason(), d.reason().startsWith("branch 'wip'"));
    }

    @Test
    public void planHasTheFileSettingsAndDefaults() {
        BuildPlan p = planner.plan(file(BRANCHES), push("main", List.of(), List.of())).plan();
        assertEquals(BuildPlan.VERSION, p.version());
        assertEquals(BuildPlan.DEFAULT_PIPELINE, p.pipeline());
        assertEquals("ocelot/busybox", p.image());
        assertNull(p.machineTag());
        assertEquals(3600, p.timeoutSeconds());
        assertEquals(BuildPlan.CONTAINER_WORKSPACE, p.workdir());
        PlannedStage s = p.stages().get(0);
        assertEquals("build", s.name());
        assertEquals(List.of("make"), s.script());
        assertEquals("/workspace", s.workdir());
        assertEquals(3600, s.timeoutSeconds());
        assertFalse(s.always());
        assertFalse(s.skipped());
        assertNull(s.skipReason());
    }

    @Test
    public void environmentIsFileThenStageThenBuiltinsWhichWin() {
        PipelineFile f = file("""
                image: ocelot/busybox
                env:
                  - A=file
                  - B=file
                  - GIT_BRANCH=mine
                stages:
                  - name: s
                    env: {B: stage, C: stage, OCELOT: "no"}
                    script: [env]
                """);
        BuildEvent e = new BuildEvent("feature/x", SHA, List.of(), List.of(), TriggerKind.PUSH, false, 0);
        Map<String, String> env = planner.plan(f, e).plan().stages().get(0).env();
        assertEquals(Map.of(
                "A", "file", "B", "stage", "C", "stage",
                "GIT_HASH", SHA, "GIT_HASH_SHORT", "0123456", "GIT_BRANCH", "feature/x",
                "BUILD_ID", "0", "WORKSPACE", "/workspace", "OCELOT", "true"), env);
    }

    @Test
    public void buildIdIsTheEventsIdOrSetLater() {
        PipelineFile f = file(BRANCHES);
        BuildEvent e = new BuildEvent("main", SHA, List.of(), List.of(), TriggerKind.PUSH, false, 42);
        assertEquals("42", planner.plan(f, e).plan().stages().get(0).env().get("BUILD_ID"));
        BuildPlan later = planner.plan(f, push("main", List.of(), List.of())).plan().withBuildId(7);
        assertEquals("7", later.stages().get(0).env().get("BUILD_ID"));
    }

    @Test
    public void aBuildNotStoredYetGetsNoBuildIdUntilItIsStored() {
        PipelineFile f = file(BRANCHES);
        BuildEvent e = new BuildEvent("main", SHA, List.of(), List.of(), TriggerKind.PUSH, false,
                BuildEvent.NOT_STORED);
        BuildPlan planned = planner.plan(f, e).plan();
        assertFalse(planned.stages().get(0).env().containsKey("BUILD_ID"));
        assertEquals("9", planned.withBuildId(9).stages().get(0).env().get("BUILD_ID"));
    }

    @Test
    public void workdirsAndTimeoutsResolve() {
        PipelineFile f = file("""
                machineTag: linux
                workdir: /src/app/
                timeout: 45m
                stages:
                  - name: rel
                    workdir: module/./sub/..
                    script: [pwd]
                  - name: abs
                    workdir: /tmp
                    timeout: 90s
                    script: [pwd]
                  - name: up
                    workdir: ../other
                    script: [pwd]
                """);
        BuildPlan p = planner.plan(f, push("main", List.of(), List.of())).plan();
        assertNull(p.image());
        assertEquals("linux", p.machineTag());
        assertEquals("/src/app", p.workdir());
        assertEquals(45 * 60, p.timeoutSeconds());
        assertEquals("/src/app/module", p.stages().get(0).workdir());
        assertEquals(45 * 60, p.stages().get(0).timeoutSeconds());
        assertEquals("/tmp", p.stages().get(1).workdir());
        assertEquals(90, p.stages().get(1).timeoutSeconds());
        assertEquals("/src/other", p.stages().get(2).workdir());
        assertEquals("/src/app", p.stages().get(0).env().get("WORKSPACE"));
    }

    private static final String TRIGGERS = """
            image: ocelot/busybox
            stages:
              - name: build
                script: [make]
              - name: deploy
                script: [deploy]
                triggers:
                  - \\branch main or \\text deploy and \\filepath src/
              - name: legacy
                script: [x]
                trigger:
                  branches: [master, hotfix/.*]
              - name: cleanup
                always: true
                script: [rm -rf x]
            """;

    @Test
    public void triggersSkipStagesWithAReasonAndKeepTheirOrder() {
        BuildPlan p = planner.plan(file(TRIGGERS), push("dev", List.of("please deploy"), List.of("docs/a.md"))).plan();
        assertEquals(List.of("build", "deploy", "legacy", "cleanup"), p.stages().stream().map(PlannedStage::name).toList());
        assertFalse(p.stages().get(0).skipped());
        PlannedStage deploy = p.stages().get(1);
        assertTrue(deploy.skipped());
        assertEquals("no trigger matched: \\branch main or \\text deploy and \\filepath src/ "
                + "(branch 'dev', 1 commit message, 1 changed path)", deploy.skipReason());
        PlannedStage legacy = p.stages().get(2);
        assertTrue(legacy.skipped());
        assertEquals("branch 'dev' does not match trigger.branches [master, hotfix/.*]", legacy.skipReason());
        assertTrue(p.stages().get(3).always());
        assertFalse(p.stages().get(3).skipped());
    }

    @Test
    public void triggersRunStagesWhenAnyDirectiveMatches() {
        PipelineFile f = file(TRIGGERS);
        BuildPlan onMain = planner.plan(f, push("main", List.of(), List.of())).plan();
        assertFalse(onMain.stages().get(1).skipped());
        BuildPlan deployAndSrc = planner.plan(f, push("dev", List.of("deploy it"), List.of("src/A.java"))).plan();
        assertFalse(deployAndSrc.stages().get(1).skipped());
        BuildPlan hotfix = planner.plan(f, push("hotfix/1", List.of(), List.of())).plan();
        assertFalse(hotfix.stages().get(2).skipped());
    }

    @Test
    public void planSurvivesTheJsonTheWerkerReceives() {
        BuildPlan p = planner.plan(file(TRIGGERS), push("dev", List.of("x"), List.of())).plan();
        String json = Json.write(p);
        assertEquals(p, Json.read(json, BuildPlan.class));
        assertTrue(json, json.contains("\"skipReason\":\"no trigger matched"));
    }
}
