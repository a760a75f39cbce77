package io.ocelot.plugin.cli;

import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.build.StageMarker;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.plugin.testkit.InMemoryOcelot;
import io.ocelot.plugin.testkit.Shell;
import io.ocelot.plugin.testkit.UiFixture;
import io.ocelot.plugin.testkit.UserApiServer;
import io.ocelot.plugin.ui.ParserPipelineValidator;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.File;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A stage graph's build through the real {@code ocelot} jar (see {@link UserCommandsCliTest}): "build" and "lint"
 * ran at the same time, their log appends interleaved, then "test", which needs both, failed. {@code ocelot show}
 * says what each stage needs and shows the failed stage's own last lines; {@code ocelot logs --stage} prints one
 * stage's lines only, however they were interleaved.
 */
public class GraphBuildCliTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();
    private static UserApiServer server;
    private static File app;
    private static long graph;
    private static long running;

    @BeforeClass
    public static void start() throws Exception {
        server = new UserApiServer(new InMemoryOcelot(), UiFixture.users(), new ParserPipelineValidator());
        app = tmp.newFolder("app");
        Shell.git(app.toPath(), "init", "-q");
        Shell.git(app.toPath(), "remote", "add", "origin", "https://bitbucket.example.com/scm/proj/app.git");
        UiFixture.seed(server.ocelot);
        InMemoryOcelot o = server.ocelot;
        List<String> names = List.of("build", "lint", "test");
        List<List<String>> needs = List.of(List.of(), List.of(), List.of("build", "lint"));
        graph = o.addBuild(UiFixture.APP, "main", UiFixture.HEAD, "Stages at once", "PUSH", "bob", "web");
        o.start(graph, "werker-1", names, needs);
        o.log(graph, -1, "SYSTEM", "ocelot: pulling ocelot/busybox\n");
        o.log(graph, 0, "SYSTEM", StageMarker.start(0, 3, "build"));
        o.log(graph, 1, "SYSTEM", StageMarker.start(1, 3, "lint"));
        o.log(graph, 0, "STDOUT", "compiling a.c\n");
        o.log(graph, 1, "STDOUT", "lint a.c ok\n");
        o.log(graph, 0, "STDOUT", "compiling b.c\n");
        o.log(graph, 1, "STDERR", "lint b.c: warning\n");
        o.log(graph, 1, "SYSTEM", StageMarker.end(new StageResult(1, "lint", StageStatus.PASSED, 0, 800, "exit code 0"), 3));
        o.stage(graph, 1, StageStatus.PASSED, 0, 800L, "exit code 0");
        o.log(graph, 0, "SYSTEM", StageMarker.end(new StageResult(0, "build", StageStatus.PASSED, 0, 2000, "exit code 0"), 3));
        o.stage(graph, 0, StageStatus.PASSED, 0, 2000L, "exit code 0");
        o.log(graph, 2, "SYSTEM", StageMarker.start(2, 3, "test"));
        o.log(graph, 2, "STDOUT", "test one FAILED\n");
        o.log(graph, 2, "SYSTEM", StageMarker.end(new StageResult(2, "test", StageStatus.FAILED, 1, 3000, "exit code 1"), 3));
        o.stage(graph, 2, StageStatus.FAILED, 1, 3000L, "exit code 1");
        o.finish(graph, ApiBuildState.FAILED, "stage \"test\" failed with exit code 1");

        running = o.addBuild(UiFixture.APP, "main", UiFixture.HEAD, "Still at it", "PUSH", "bob", "web");
        o.start(running, "werker-1", names, needs);
        o.stage(running, 0, StageStatus.RUNNING, null, null, null);
        o.stage(running, 1, StageStatus.RUNNING, null, null, null);
    }

    @AfterClass
    public static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static OcelotCli.Run ocelot(String... args) throws Exception {
        return new OcelotCli(app).run(server.baseUrl, "t-reader", null, args);
    }

    @Test
    public void showSaysWhatEachStageNeedsAndTheFailedStagesOwnLastLines() throws Exception {
        OcelotCli.Run show = ocelot("show", Long.toString(graph));
        assertEquals(show.err(), 1, show.exit());
        String out = show.out();
        assertTrue(out, out.contains("STAGE  NEEDS        RESULT  EXIT  DURATION  MESSAGE\n"
                + "build  -            PASSED  0     2s        exit code 0\n"
                + "lint   -            PASSED  0     0s        exit code 0\n"
                + "test   build, lint  FAILED  1     3s        exit code 1\n"));
        assertTrue(out, out.endsWith("last 1 lines of stage \"test\":\n  test one FAILED\n"));

        OcelotCli.Run json = ocelot("show", "--json", Long.toString(graph));
        assertTrue(json.out(), json.out().contains("\"needs\" : [ \"build\", \"lint\" ]")
                || json.out().contains("\"needs\":[\"build\",\"lint\"]"));
    }

    @Test
    public void showOfARunningGraphNamesEveryStageRunning() throws Exception {
        OcelotCli.Run show = ocelot("show", Long.toString(running));
        assertTrue(show.out(), show.out().contains("  result     RUNNING stages 1, 2 of 3 (build, lint), "));
    }

    @Test
    public void logsOfOneStagePrintOnlyItsLinesOfAnInterleavedLog() throws Exception {
        OcelotCli.Run build = ocelot("logs", Long.toString(graph), "--stage", "build");
        assertEquals(build.err(), 0, build.exit());
        assertEquals("--- ocelot stage 1/3 \"build\" started\ncompiling a.c\ncompiling b.c\n"
                + "--- ocelot stage 1/3 \"build\" PASSED in 2.0s, exit code 0\n", build.out());
        OcelotCli.Run lint = ocelot("logs", Long.toString(graph), "--stage", "lint");
        assertEquals("--- ocelot stage 2/3 \"lint\" started\nlint a.c ok\nlint b.c: warning\n"
                + "--- ocelot stage 2/3 \"lint\" PASSED in 800ms, exit code 0\n", lint.out());
    }
}
