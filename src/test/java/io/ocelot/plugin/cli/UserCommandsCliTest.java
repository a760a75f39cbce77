package io.ocelot.plugin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ocelot.core.Json;
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
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The everyday commands (issue 15) as the real {@code ocelot} jar, run as a process against the real user REST
 * resources over the in-memory model (see {@link CliEndToEndTest}): help, completion, version, show, rebuild, logs
 * by stage and attempt, kill --wait, the "not tracked" answer and the usage exits. The same commands against a real
 * werker's builds: {@code io.ocelot.e2e.UserCommandsE2eTest}.
 */
public class UserCommandsCliTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();
    private static UserApiServer server;
    private static File app;
    private static File quiet;
    private long failed;

    @BeforeClass
    public static void start() throws Exception {
        server = new UserApiServer(new InMemoryOcelot(), UiFixture.users(), new ParserPipelineValidator());
        app = checkout("app");
        quiet = checkout("quiet");
    }

    private static File checkout(String slug) throws Exception {
        File dir = tmp.newFolder(slug);
        Shell.git(dir.toPath(), "init", "-q");
        Shell.git(dir.toPath(), "remote", "add", "origin", "https://bitbucket.example.com/scm/proj/" + slug + ".git");
        Shell.git(dir.toPath(), "commit", "-q", "--allow-empty", "-m", "local work");
        return dir;
    }

    @AfterClass
    public static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Build 4: stage "build" passed, "test" failed with 25 lines of output; written as the werker writes it. */
    @Before
    public void seed() {
        UiFixture.seed(server.ocelot);
        InMemoryOcelot o = server.ocelot;
        failed = o.addBuild(UiFixture.APP, "main", UiFixture.HEAD, "Make the build faster\n\nlong text", "PUSH", "bob", "web");
        o.start(failed, "werker-1", List.of("build", "test"));
        o.log(failed, -1, "SYSTEM", "$ git fetch --depth 1 origin " + UiFixture.HEAD + "\n");
        o.log(failed, 0, "SYSTEM", StageMarker.start(0, 2, "build"));
        o.log(failed, 0, "STDOUT", "compiling\n");
        StageResult built = new StageResult(0, "build", StageStatus.PASSED, 0, 1200, "exit code 0");
        o.log(failed, 0, "SYSTEM", StageMarker.end(built, 2));
        o.stage(failed, 0, StageStatus.PASSED, 0, 1200L, "exit code 0");
        o.log(failed, 1, "SYSTEM", StageMarker.start(1, 2, "test"));
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= 25; i++) {
            out.append("test line ").append(i).append('\n');
        }
        o.log(failed, 1, "STDOUT", out.toString());
        o.log(failed, 1, "STDERR", "\u001b[31m3 tests failed\u001b[0m\n");
        StageResult tested = new StageResult(1, "test", StageStatus.FAILED, 3, 4200, "exit code 3");
        o.log(failed, 1, "SYSTEM", StageMarker.end(tested, 2));
        o.stage(failed, 1, StageStatus.FAILED, 3, 4200L, "exit code 3");
        o.clock += 6_000;
        o.finish(failed, ApiBuildState.FAILED, "stage \"test\" failed with exit code 3");
    }

    private OcelotCli.Run ocelot(String token, String... args) throws Exception {
        return in(app, token, args);
    }

    private OcelotCli.Run in(File dir, String token, String... args) throws Exception {
        return new OcelotCli(dir).run(server.baseUrl, token, null, args);
    }

    @Test
    public void versionHelpAndCompletionFromTheJar() throws Exception {
        OcelotCli.Run version = ocelot(null, "--version");
        assertEquals(0, version.exit());
        assertTrue(version.out(), version.out().matches("ocelot \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?( \\(commit [0-9a-f]{12}\\))?\nJava .*\n"));

        OcelotCli.Run help = ocelot(null, "help", "show");
        assertEquals(0, help.exit());
        assertTrue(help.out(), help.out().startsWith("Usage: ocelot show "));
        assertEquals(help.out(), ocelot(null, "show", "-h").out());
        OcelotCli.Run nested = ocelot(null, "admin", "clone-credentials", "--help");
        assertEquals(nested.err(), 0, nested.exit());
        assertTrue(nested.out(), nested.out().startsWith("Usage: ocelot admin clone-credentials "));

        OcelotCli.Run bash = ocelot(null, "completion", "bash");
        assertEquals(bash.err(), 0, bash.exit());
        Path script = tmp.getRoot().toPath().resolve("ocelot-completion.bash");
        Files.writeString(script, bash.out());
        // what bash offers after "ocelot sh<TAB>" and "ocelot logs --st<TAB>", from the script itself
        assertEquals("show\n", complete(script, "ocelot", "sh"));
        assertEquals("--stage\n", complete(script, "ocelot", "logs", "--st"));
        assertEquals("artifacts\n", complete(script, "ocelot", "artif"));
        assertEquals("--output\n", complete(script, "ocelot", "artifacts", "--out"));
        OcelotCli.Run zsh = ocelot(null, "completion", "zsh");
        assertEquals(0, zsh.exit());
        assertEquals("zsh runs the same script through bashcompinit", bash.out(), zsh.out());
        assertTrue(zsh.out().contains("bashcompinit"));
        assertEquals(2, ocelot(null, "completion", "fish").exit());
    }

    private static String complete(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        StringBuilder w = new StringBuilder();
        for (String word : words) {
            w.append('\'').append(word).append("' ");
        }
        String cmd = "source '" + script + "' 2>/dev/null; COMP_WORDS=(" + w + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length()
                + "; _complete_ocelot 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    public void showPrintsTheBuildItsStagesAndTheEndOfTheFailedStagesLog() throws Exception {
        OcelotCli.Run show = ocelot("t-reader", "show", Long.toString(failed));
        assertEquals(show.err(), 1, show.exit());
        String out = show.out();
        assertTrue(out, out.startsWith("build #" + failed + "  FAILED  PROJ/app\n"));
        assertTrue(out, out.contains("  branch     main\n"));
        assertTrue(out, out.contains("  commit     aaaa1111bbbb  Make the build faster\n"));
        assertTrue(out, out.contains("  trigger    push by bob\n"));
        assertTrue(out, out.contains("  werker     werker-1\n"));
        assertTrue(out, out.contains("  duration   6s\n"));
        assertTrue(out, out.contains("  result     FAILED: stage \"test\" failed with exit code 3\n"));
        assertFalse("no test reports, no test line", out.contains("  tests "));
        assertTrue(out, out.contains("STAGE  RESULT  EXIT  DURATION  MESSAGE\n"
                + "build  PASSED  0     1s        exit code 0\n"
                + "test   FAILED  3     4s        exit code 3\n"));
        StringBuilder tail = new StringBuilder("last 20 lines of stage \"test\":\n");
        for (int i = 7; i <= 25; i++) {
            tail.append("  test line ").append(i).append('\n');
        }
        tail.append("  3 tests failed\n");
        assertTrue(out, out.endsWith(tail.toString()));

        OcelotCli.Run json = ocelot("t-reader", "show", "--json", Long.toString(failed));
        assertEquals(1, json.exit());
        JsonNode j = Json.mapper().readTree(json.out());
        assertEquals(failed, j.get("build").get("id").asLong());
        assertEquals("FAILED", j.get("build").get("state").asText());
        assertEquals("stage \"test\" failed with exit code 3", j.get("message").asText());
        assertEquals(1, j.get("attempt").asInt());
        assertEquals("test", j.get("stages").get(1).get("name").asText());
        assertEquals(3, j.get("stages").get(1).get("exitCode").asInt());
        assertEquals(4200, j.get("stages").get(1).get("durationMillis").asLong());
        assertTrue("tests: present, null without reports", j.has("tests") && j.get("tests").isNull());
        JsonNode logTail = j.get("failedStageLogs").get(0);
        assertEquals("test", logTail.get("stage").asText());
        assertEquals(20, logTail.get("lastLines").size());
        assertEquals("3 tests failed", logTail.get("lastLines").get(19).asText());

        OcelotCli.Run running = ocelot("t-reader", "show", "2");
        assertEquals(4, running.exit());
        assertTrue(running.out(), running.out().contains("  result     RUNNING stage 1 of 1 (build), "));
        OcelotCli.Run byHash = ocelot("t-reader", "show", UiFixture.OLD.substring(0, 8));
        assertEquals(byHash.err(), 0, byHash.exit());
        assertTrue(byHash.out().startsWith("build #1  PASSED  PROJ/app\n"));
    }

    @Test
    public void statusOfOneFailedBuildShowsItsStages() throws Exception {
        OcelotCli.Run status = ocelot("t-reader", "status", "--limit", "1", "PROJ/app");
        assertEquals(status.err(), 1, status.exit());
        assertTrue(status.out(), status.out().endsWith("\n\nSTAGE  RESULT  EXIT  DURATION  MESSAGE\n"
                + "build  PASSED  0     1s        exit code 0\n"
                + "test   FAILED  3     4s        exit code 3\n"));
        OcelotCli.Run several = ocelot("t-reader", "status", "PROJ/app");
        assertFalse("a list of builds stays a list", several.out().contains("STAGE"));
    }

    @Test
    public void rebuildQueuesANewBuildOfTheSameCommitAndTrigger() throws Exception {
        assertEquals(5, ocelot("t-reader", "rebuild", Long.toString(failed)).exit());
        OcelotCli.Run rebuild = ocelot("t-writer", "rebuild", Long.toString(failed));
        assertEquals(rebuild.err(), 0, rebuild.exit());
        long id = failed + 1;
        assertTrue(rebuild.out(), rebuild.out().startsWith("build #" + id + " queued for PROJ/app @ " + UiFixture.HEAD
                + " (main), a rebuild of #" + failed + "\n"));
        assertTrue(rebuild.out().contains("/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/" + id));
        var b = server.ocelot.build(id).orElseThrow().build();
        assertEquals(UiFixture.HEAD, b.commit());
        assertEquals("main", b.branch());
        assertEquals("a rebuild is a person asking again", "MANUAL", b.trigger());
        assertEquals(ApiBuildState.QUEUED, b.state());
        assertEquals("the old build stays as it was", ApiBuildState.FAILED,
                server.ocelot.build(failed).orElseThrow().build().state());
    }

    @Test
    public void logsPrintOneStageAndEarlierAttempts() throws Exception {
        OcelotCli.Run whole = ocelot("t-reader", "logs", Long.toString(failed));
        assertEquals(whole.err(), 0, whole.exit());
        assertTrue(whole.out(), whole.out().contains("--- ocelot stage 1/2 \"build\" started\ncompiling\n"
                + "--- ocelot stage 1/2 \"build\" PASSED in 1.2s, exit code 0\n--- ocelot stage 2/2 \"test\" started\n"));
        OcelotCli.Run build = ocelot("t-reader", "logs", Long.toString(failed), "--stage", "build");
        assertEquals(build.err(), 0, build.exit());
        assertEquals("--- ocelot stage 1/2 \"build\" started\ncompiling\n"
                + "--- ocelot stage 1/2 \"build\" PASSED in 1.2s, exit code 0\n", build.out());
        OcelotCli.Run test = ocelot("t-reader", "logs", Long.toString(failed), "-s", "test");
        assertTrue(test.out(), test.out().startsWith("--- ocelot stage 2/2 \"test\" started\ntest line 1\n"));
        assertTrue(test.out(), test.out().endsWith("3 tests failed\n--- ocelot stage 2/2 \"test\" FAILED in 4.2s, exit code 3\n"));
        OcelotCli.Run none = ocelot("t-reader", "logs", Long.toString(failed), "--stage", "deploy");
        assertEquals(2, none.exit());
        assertEquals("ocelot logs: build #" + failed + " has no stage 'deploy'; its stages: build, test\n", none.err());

        // the werker was lost during attempt 1: queued again, run again; attempt 1's log stays readable
        long id = server.ocelot.addBuild(UiFixture.APP, "main", UiFixture.HEAD, "m", "PUSH", "bob", "web");
        server.ocelot.start(id, "werker-1", List.of("build"));
        server.ocelot.log(id, 0, "STDOUT", "first try\n");
        server.ocelot.requeue(id);
        server.ocelot.start(id, "werker-2", List.of("build"));
        server.ocelot.log(id, 0, "STDOUT", "second try\n");
        server.ocelot.finish(id, ApiBuildState.PASSED, null);
        assertEquals("second try\n", ocelot("t-reader", "logs", Long.toString(id)).out());
        OcelotCli.Run first = ocelot("t-reader", "logs", Long.toString(id), "--attempt", "1");
        assertEquals(first.err(), 0, first.exit());
        assertEquals("first try\n", first.out());
        assertEquals("second try\n", ocelot("t-reader", "logs", Long.toString(id), "--attempt", "2").out());
        OcelotCli.Run third = ocelot("t-reader", "logs", Long.toString(id), "--attempt", "3");
        assertEquals(2, third.exit());
        assertEquals("ocelot logs: build #" + id + " has attempts 1 to 2\n", third.err());
        assertTrue(ocelot("t-reader", "show", Long.toString(id)).out().startsWith("build #" + id + "  PASSED  PROJ/app  (attempt 2)\n"));
    }

    @Test
    public void showWatchPrintsProgressLinesWhenNotOnATerminalThenTheBuild() throws Exception {
        // read the command's output as it comes: the build ends only once the progress line has been printed
        File jar = new File(System.getProperty("ocelot.repo.root", "."), "remote-werker/target/ocelot.jar");
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-jar",
                jar.getAbsolutePath(), "show", "--watch", "--poll-millis=100", "2").directory(app).redirectErrorStream(true);
        pb.environment().remove("OCELOT_URL");
        pb.environment().put("OCELOT_SERVER", server.baseUrl);
        pb.environment().put("OCELOT_TOKEN", "t-reader");
        pb.environment().put("OCELOT_CONFIG", new File(app, "no-such-config").getPath());
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        try (java.io.BufferedReader r = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = r.readLine();
            out.append(first).append('\n');
            assertEquals("build #2 RUNNING: stage 1 of 1 (build)", first);
            server.ocelot.stage(2, 0, StageStatus.PASSED, 0, 2000L, "exit code 0");
            server.ocelot.finish(2, ApiBuildState.PASSED, null);
            for (String line; (line = r.readLine()) != null; ) {
                out.append(line).append('\n');
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(out.toString(), 0, p.exitValue());
        assertTrue("no more progress lines (nothing new), then the build:\n" + out,
                out.toString().startsWith("build #2 RUNNING: stage 1 of 1 (build)\nbuild #2  PASSED  PROJ/app\n"));
        assertFalse(out.toString().contains("\r"));
    }

    @Test
    public void killSaysCancelRequestedAndWaitsForCancelled() throws Exception {
        OcelotCli.Run kill = ocelot("t-writer", "kill", "--wait", "--poll-millis=100", "2");
        assertEquals(kill.err(), 0, kill.exit());
        assertEquals("build #2 of PROJ/app: cancel requested\nbuild #2 of PROJ/app: CANCELLED\n", kill.out());
        OcelotCli.Run again = ocelot("t-writer", "kill", "2");
        assertEquals(5, again.exit());
        assertTrue(again.err(), again.err().contains("has already finished"));
    }

    @Test
    public void everyCommandInAnUntrackedRepositorySaysSoInTheSameWords() throws Exception {
        String untracked = "PROJ/quiet is not tracked by Ocelot\n";
        // the checkout's HEAD was never built: the answer is still about the repository, not the commit
        for (String command : List.of("status", "show", "logs", "kill", "rebuild", "trigger")) {
            OcelotCli.Run r = in(quiet, "t-writer", command);
            assertEquals(command + ": " + r.err(), 5, r.exit());
            assertEquals("ocelot " + command + ": " + untracked, r.err());
        }
        // a commit of the untracked repository that was built when it was tracked
        OcelotCli.Run byHash = ocelot("t-writer", "show", UiFixture.QUIET_COMMIT.substring(0, 10));
        assertEquals("ocelot show: " + untracked, byHash.err());
        assertEquals("ocelot summary: " + untracked, ocelot("t-reader", "summary", "PROJ/quiet").err());
        OcelotCli.Run unknown = ocelot("t-reader", "show", "abcdef12");
        assertEquals(5, unknown.exit());
        assertFalse("a tracked checkout's unknown commit is not 'not tracked'", unknown.err().contains("not tracked"));
    }

    @Test
    public void usageMistakesExit2BeforeAskingTheServer() throws Exception {
        for (List<String> args : List.of(List.of("summary", "PROJ/my repo"), List.of("summary", "PROJ/"),
                List.of("summary", "a/b/c"), List.of("status", "--limit", "0", "PROJ/app"),
                List.of("summary", "--limit", "0", "PROJ/app"), List.of("summary", "--limit", "501", "PROJ/app"),
                List.of("logs", "--attempt", "0", "1"), List.of("show", "not-a-build"), List.of("show", "--nope"))) {
            OcelotCli.Run r = ocelot("t-reader", args.toArray(String[]::new));
            assertEquals(args + ": " + r.err(), 2, r.exit());
            assertFalse(args + " printed nothing: " + r.out(), r.err().isBlank());
        }
        assertEquals("ocelot status: --limit must be between 1 and 500, not 0\n",
                ocelot("t-reader", "status", "--limit", "0", "PROJ/app").err());
    }

    @Test
    public void userCommandsReadOcelotServerAsTheWerkerDoesAndOcelotUrlStill() throws Exception {
        OcelotCli.Run server = new OcelotCli(app).run(Map.of("OCELOT_SERVER", UserCommandsCliTest.server.baseUrl,
                "OCELOT_TOKEN", "t-reader"), null, "show", "1");
        assertEquals(server.err(), 0, server.exit());
        OcelotCli.Run alias = new OcelotCli(app).run(Map.of("OCELOT_URL", UserCommandsCliTest.server.baseUrl,
                "OCELOT_TOKEN", "t-reader"), null, "show", "1");
        assertEquals(alias.err(), 0, alias.exit());
        OcelotCli.Run none = new OcelotCli(app).run(Map.of(), null, "show", "1");
        assertEquals(2, none.exit());
        assertTrue(none.err(), none.err().contains("set OCELOT_SERVER (or OCELOT_URL)"));
    }
}
