package io.ocelot.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ocelot.core.Json;
import io.ocelot.core.plan.BuildPlan;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * {@code ocelot validate DIR} and {@code ocelot plan DIR}: every pipeline of a project directory ({@code ocelot.yml}
 * is 'default', {@code .ocelot/NAME.yml} is NAME), each problem naming its own file.
 */
public class PipelineDirectoryCommandsTest {
    private static final String MAIN = """
            image: ocelot/busybox
            branches: [main]
            stages:
              - name: build
                script: [make]
            """;
    private static final String API = """
            image: ocelot/busybox
            paths: [services/api/]
            stages:
              - name: test
                script: [make -C services/api test]
            """;
    private static final String RELEASE = """
            machineTag: mac
            branches: [release/.*]
            stages:
              - name: sign
                script: [./sign.sh]
            """;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path project(String... pathsAndContents) throws IOException {
        Path dir = tmp.newFolder("project").toPath();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path p = dir.resolve(pathsAndContents[i]);
            Files.createDirectories(p.getParent());
            Files.writeString(p, pathsAndContents[i + 1]);
        }
        return dir;
    }

    @Test
    public void validateDirConfirmsEachPipeline() throws IOException {
        Path dir = project("ocelot.yml", MAIN, ".ocelot/api.yml", API, ".ocelot/release.yml", RELEASE,
                ".ocelot/README.md", "not a pipeline");
        CliRun r = CliRun.run("validate", dir.toString());
        assertEquals(r.err(), 0, r.exit());
        assertEquals(dir.resolve("ocelot.yml") + " is valid: pipeline default, 1 stage, image ocelot/busybox\n"
                + dir.resolve(".ocelot/api.yml") + " is valid: pipeline api, 1 stage, image ocelot/busybox\n"
                + dir.resolve(".ocelot/release.yml") + " is valid: pipeline release, 1 stage, machineTag mac\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    public void validateDirWithBranchSaysForEachPipeline() throws IOException {
        Path dir = project("ocelot.yml", MAIN, ".ocelot/release.yml", RELEASE);
        CliRun r = CliRun.run("validate", dir.toString(), "--branch", "release/2.0");
        assertEquals(r.err(), 0, r.exit());
        assertTrue(r.out(), r.out().contains("pipeline default, 1 stage, image ocelot/busybox\n"
                + "  branch 'release/2.0' would not build: branch 'release/2.0' does not match branches [main]\n"));
        assertTrue(r.out(), r.out().endsWith("pipeline release, 1 stage, machineTag mac\n"
                + "  branch 'release/2.0' would build\n"));
    }

    @Test
    public void validateDirReportsTheProblemsOfEveryFileEachWithItsPath() throws IOException {
        Path dir = project("ocelot.yml", "image: x\nstage: []\n",
                ".ocelot/api.yml", "image: x\nstages:\n  - name: build\n    needs: [deploy]\n    script: [x]\n",
                ".ocelot/Deploy.yml", MAIN, ".ocelot/ok.yml", MAIN);
        CliRun r = CliRun.run("validate", dir.toString());
        assertEquals(1, r.exit());
        assertEquals(dir.resolve(".ocelot/ok.yml") + " is not confirmed when another file is wrong", "", r.out());
        assertEquals(dir.resolve(".ocelot/Deploy.yml") + ":1:1: 'Deploy' is not a pipeline name: the file's name "
                + "without .yml names the pipeline, so use lower-case letters, digits, '.', '_' and '-', starting with a "
                + "letter or digit (at most 64 characters)\n"
                + dir.resolve("ocelot.yml") + ":1:1: missing 'stages': list at least one stage with a 'name' and a 'script'\n"
                + dir.resolve("ocelot.yml") + ":2:1: unknown key 'stage' — did you mean 'stages'?\n"
                + dir.resolve(".ocelot/api.yml") + ":4:13: 'needs' of stage 'build': there is no stage 'deploy' (the stages are: [build])\n"
                + dir + ": 4 errors\n", r.err());
    }

    @Test
    public void aDirectoryWithoutPipelineFilesIsAUsageError() throws IOException {
        Path dir = project("README.md", "hello");
        for (String command : List.of("validate", "plan")) {
            CliRun r = command.equals("plan") ? CliRun.run(command, dir.toString(), "--branch", "main")
                    : CliRun.run(command, dir.toString());
            assertEquals(command, 2, r.exit());
            assertEquals("ocelot " + command + ": no pipeline files in " + dir + " (ocelot.yml or .ocelot/NAME.yml)\n",
                    r.err());
        }
    }

    @Test
    public void planDirPrintsTheListOfPlansThatWouldBuildEachNamed() throws IOException {
        Path dir = project("ocelot.yml", MAIN, ".ocelot/api.yml", API, ".ocelot/release.yml", RELEASE,
                ".ocelot/web.yml", API.replace("services/api/", "services/web/"));
        CliRun r = CliRun.run("plan", dir.toString(), "--branch", "main", "--changed", "services/api/main.go");
        assertEquals(r.err(), 0, r.exit());
        List<BuildPlan> plans = Json.mapper().readValue(r.out(), new TypeReference<List<BuildPlan>>() { });
        assertEquals(List.of("default", "api"), plans.stream().map(BuildPlan::pipeline).toList());
        assertEquals("test", plans.get(1).stages().get(0).name());
        assertEquals("pipeline release (" + dir.resolve(".ocelot/release.yml") + "): no build: branch 'main' does "
                + "not match branches [release/.*]\n"
                + "pipeline web (" + dir.resolve(".ocelot/web.yml") + "): no build: no changed path starts with paths "
                + "[services/web/] (1 changed path)\n", r.err());
    }

    @Test
    public void planDirTakesTheEventFlagsOfAPullRequest() throws IOException {
        Path dir = project("ocelot.yml", MAIN, ".ocelot/api.yml", API);
        CliRun r = CliRun.run("plan", dir.toString(), "--trigger", "pr", "--branch", "feature/x", "--target-branch",
                "main", "--pr-id", "12", "--changed", "docs/readme.md");
        assertEquals(r.err(), 0, r.exit());
        List<BuildPlan> plans = Json.mapper().readValue(r.out(), new TypeReference<List<BuildPlan>>() { });
        assertEquals(1, plans.size());
        assertEquals("default", plans.get(0).pipeline());
        assertEquals("12", plans.get(0).stages().get(0).env().get("PR_ID"));
        assertEquals("main", plans.get(0).merge().branch());
    }

    @Test
    public void planDirWhereNothingBuildsPrintsAnEmptyListAndExits1() throws IOException {
        Path dir = project("ocelot.yml", MAIN);
        CliRun r = CliRun.run("plan", dir.toString(), "--branch", "wip");
        assertEquals(1, r.exit());
        assertEquals("[ ]\n", r.out());
        assertTrue(r.err(), r.err().contains("pipeline default (" + dir.resolve("ocelot.yml") + "): no build: "));
    }

    @Test
    public void planDirWithAnInvalidFilePrintsNoPlan() throws IOException {
        Path dir = project("ocelot.yml", MAIN, ".ocelot/api.yml", "image: x\n");
        CliRun r = CliRun.run("plan", dir.toString(), "--branch", "main");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err(), r.err().startsWith(dir.resolve(".ocelot/api.yml") + ":1:1: missing 'stages'"));
    }

    @Test
    public void aFileUnderDotOcelotIsPlannedAsItsPipeline() throws IOException {
        Path dir = project(".ocelot/api.yml", API);
        CliRun r = CliRun.run("plan", dir.resolve(".ocelot/api.yml").toString(), "--branch", "main");
        assertEquals(r.err(), 0, r.exit());
        assertEquals("api", Json.read(r.out(), BuildPlan.class).pipeline());
    }
}
