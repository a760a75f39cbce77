package io.ocelot.cli;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * {@code ocelot exec} end to end: the real parser and planner, the real engine and the real Docker engine.
 * (Depends on the ocelot.yml parser from the language work.)
 */
public class ExecCommandTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;
    private Path workDir;

    @Before
    public void capture() throws IOException {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        workDir = tmp.newFolder("work").toPath();
    }

    @After
    public void restore() throws IOException {
        System.setOut(oldOut);
        System.setErr(oldErr);
        try (var s = Files.list(workDir)) {
            assertEquals("workspaces left behind", List.of(), s.toList());
        }
        assertEquals("", run("docker", "ps", "-aq", "--filter", "label=ocelot.werker=exec-" + ProcessHandle.current().pid()));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Path example() {
        return Path.of(System.getProperty("ocelot.repo.root", ".."), "examples", "wordcount");
    }

    private int exec(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "exec";
        all[1] = "--work-dir";
        all[2] = workDir.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return Main.run(all);
    }

    @Test
    public void graceTakesTheWerkerFlagsDurationsAndNamesTheFlagWhenBad() {
        int code = exec("--grace", "soon", example().toString());

        assertEquals(Main.EXIT_USAGE, code);
        assertTrue(stderr(), stderr().contains("ocelot exec: --grace: not a duration: 'soon' (use e.g. 10s, 5m, 1h)"));
        assertEquals("nothing ran", "", stdout());
    }

    @Test
    public void aBadCacheCapIsAUsageErrorNamingTheFlag() {
        int code = exec("--cache-max-bytes", "lots", example().toString());

        assertEquals(Main.EXIT_USAGE, code);
        assertTrue(stderr(), stderr().startsWith("ocelot exec: --cache-max-bytes: "));
        assertEquals("nothing ran", "", stdout());
    }

    @Test
    public void parallelStagesBelowOneIsAUsageErrorNamingTheFlag() {
        int code = exec("--parallel-stages", "0", example().toString());

        assertEquals(Main.EXIT_USAGE, code);
        assertTrue(stderr(), stderr().contains("ocelot exec: --parallel-stages: must be at least 1, got 0"));
        assertEquals("nothing ran", "", stdout());
    }

    @Test
    public void runningOneStageKeepsItsArtifactsImageBuildAndTheBuildsCaches() {
        io.ocelot.core.plan.PlannedStage image = new io.ocelot.core.plan.PlannedStage("image", java.util.List.of(),
                java.util.Map.of(), null, 0, false, false, null, java.util.List.of(), java.util.List.of("test"), null,
                java.util.List.of("dist/*.tgz"), new io.ocelot.core.plan.ImageBuild("img", null, java.util.List.of("a:1"),
                false));
        io.ocelot.core.plan.PlannedStage test = new io.ocelot.core.plan.PlannedStage("test", java.util.List.of("true"),
                java.util.Map.of(), null, 0, false, false, null, java.util.List.of(), java.util.List.of(), null,
                java.util.List.of(), null);
        io.ocelot.core.plan.CacheSpec deps = new io.ocelot.core.plan.CacheSpec("deps", java.util.List.of("deps"),
                java.util.List.of("deps.lock"));
        io.ocelot.core.plan.BuildPlan plan = new io.ocelot.core.plan.BuildPlan(1, "default", "ocelot/busybox:latest",
                null, 0, "/workspace", java.util.List.of(test, image), null, null, null, java.util.List.of(),
                java.util.List.of(deps));

        io.ocelot.core.plan.BuildPlan only = ExecCommand.onlyStage(plan, "image");

        assertEquals(java.util.List.of(deps), only.caches());
        io.ocelot.core.plan.PlannedStage kept = only.stages().get(1);
        assertFalse(kept.skipped());
        assertEquals(image.buildImage(), kept.buildImage());
        assertEquals(image.artifacts(), kept.artifacts());
        assertEquals("the one stage run waits for none of the skipped ones", java.util.List.of(), kept.needs());
        assertTrue(only.stages().get(0).skipped());
    }

    @Test
    public void theExampleProjectPasses() {
        int code = exec("--grace", "2s", example().toString());

        assertEquals(stdout() + stderr(), 0, code);
        String o = stdout();
        assertTrue(o, o.contains("━━ stage 1/4: check ━━"));
        assertTrue(o, o.contains("5/5 passed"));
        assertTrue(o, o.contains("wordcount-1.0.0.tar.gz") || o.contains("bin/wordcount"));
        assertTrue(o, o.matches("(?s).*\\ntest +PASSED +0 .*"));
        assertTrue(o, o.contains("build PASSED"));
        assertFalse("no colour codes off a terminal", o.contains("\u001b["));
    }

    @Test
    public void aFailingStageExitsOneWithItsStderrApartAndTheSummary() throws IOException {
        Path p = tmp.newFolder("failing").toPath();
        Files.writeString(p.resolve("ocelot.yml"), """
                image: ocelot/busybox:latest
                stages:
                  - name: build
                    script:
                      - echo building
                  - name: test
                    script:
                      - echo "assertion failed" >&2
                      - exit 4
                  - name: deploy
                    script:
                      - echo deploying
                  - name: cleanup
                    always: true
                    script:
                      - echo cleaning
                """);
        int code = exec("--grace", "1s", p.toString());

        assertEquals(stdout() + stderr(), 1, code);
        assertTrue(stderr(), stderr().contains("assertion failed"));
        assertFalse(stdout().contains("assertion failed"));
        assertTrue(stdout(), stdout().matches("(?s).*\\ntest +FAILED +4 .*"));
        assertTrue(stdout(), stdout().matches("(?s).*\\ndeploy +SKIPPED +- .*"));
        assertTrue(stdout(), stdout().contains("cleaning"));
        assertTrue(stdout(), stdout().contains("build FAILED: stage \"test\" failed with exit code 4"));
    }

    @Test
    public void junitReportsAreReadOutOfTheContainerAndEachFailingTestIsNamed() throws IOException {
        Path p = tmp.newFolder("reports").toPath();
        Files.writeString(p.resolve("ocelot.yml"), """
                image: ocelot/busybox:latest
                stages:
                  - name: test
                    reports:
                      junit: ['**/junit-*.xml']
                    script:
                      - mkdir -p out/py
                      - |
                        echo '<testsuites><testsuite name="pytest"><testcase classname="tests.test_calc" name="test_add"/><testcase classname="tests.test_calc" name="test_div"><failure message="assert 3 == 2">tests/test_calc.py:12: AssertionError</failure></testcase><testcase classname="tests.test_calc" name="test_skip"><skipped/></testcase></testsuite></testsuites>' > out/py/junit-calc.xml
                        echo '<testsuite><testcase' > junit-broken.xml
                      - exit 1
                """);
        int code = exec("--grace", "1s", p.toString());

        assertEquals(stdout() + stderr(), 1, code);
        String o = stdout();
        assertTrue(o + stderr(), o.contains("tests: 1 passed, 1 failed, 1 skipped\n"));
        assertTrue(o, o.contains("  ✘ tests.test_calc > test_div: assert 3 == 2 (tests/test_calc.py:12)\n"));
        assertTrue("the broken file is a warning in the log, the build goes on: " + o,
                o.contains("ocelot: warning: skipped the report junit-broken.xml: it is not well-formed XML"));
        assertTrue(o, o.contains("build FAILED: stage \"test\" failed with exit code 1"));
    }

    @Test
    public void stageRunsOnlyTheNamedStage() {
        int code = exec("--stage", "test", example().toString());

        assertEquals(stdout() + stderr(), 0, code);
        assertTrue(stdout().contains("5/5 passed"));
        assertFalse(stdout().contains("━━ stage 1/4: check"));
        assertTrue(stdout(), stdout().contains("not selected (--stage test)"));
    }

    @Test
    public void anUnknownStageIsAUsageError() {
        assertEquals(2, exec("--stage", "nope", example().toString()));
        assertTrue(stderr(), stderr().contains("no stage named 'nope'"));
    }

    @Test
    public void noDockerEngineExitsThreeWithTheFix() {
        int code = exec("--docker-host", "tcp://127.0.0.1:9", example().toString());

        assertEquals(stdout() + stderr(), 3, code);
        assertTrue(stdout(), stdout().contains("scripts/setup-docker.sh"));
    }

    @Test
    public void aDirectoryWithoutOcelotYmlIsRefused() throws IOException {
        Path empty = tmp.newFolder("empty").toPath();
        assertEquals(1, exec(empty.toString()));
        assertTrue(stderr(), stderr().contains("no ocelot.yml in " + empty));
    }

    private Path twoPipelines() throws IOException {
        Path p = tmp.newFolder("pipelines").toPath();
        Files.writeString(p.resolve("ocelot.yml"), "image: ocelot/busybox:latest\nstages:\n"
                + "  - name: main\n    script: [echo the-default-pipeline]\n");
        Files.createDirectories(p.resolve(".ocelot"));
        Files.writeString(p.resolve(".ocelot/nightly.yml"), "image: ocelot/busybox:latest\nstages:\n"
                + "  - name: soak\n    script: [echo \"the nightly pipeline\"]\n");
        return p;
    }

    @Test
    public void pipelineRunsTheNamedPipelineFile() throws IOException {
        Path p = twoPipelines();
        int code = exec("--grace", "1s", "--pipeline", "nightly", p.toString());

        assertEquals(stdout() + stderr(), 0, code);
        assertTrue(stdout(), stdout().contains("the nightly pipeline"));
        assertFalse(stdout(), stdout().contains("the-default-pipeline"));
        assertTrue(stdout(), stdout().contains("build PASSED"));
    }

    @Test
    public void anUnknownPipelineIsAUsageErrorListingThePipelines() throws IOException {
        Path p = twoPipelines();
        assertEquals(2, exec("--pipeline", "weekly", p.toString()));
        assertEquals("ocelot exec: no pipeline 'weekly' in " + p + "; the pipelines are: default, nightly\n", stderr());
        assertEquals("nothing ran", "", stdout());
    }

    @Test
    public void withoutOcelotYmlTheNamedPipelinesAreSuggested() throws IOException {
        Path p = twoPipelines();
        Files.delete(p.resolve("ocelot.yml"));
        assertEquals(1, exec(p.toString()));
        assertTrue(stderr(), stderr().contains("no ocelot.yml in " + p + " (its pipelines are: nightly; choose one "
                + "with --pipeline NAME)"));
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return s;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
