package io.ocelot.plugin.cli;

import io.ocelot.core.Json;
import io.ocelot.core.api.ApiBuildState;
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
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The {@code ocelot} binary (remote-werker/target/ocelot.jar, built first by scripts/test-all.sh) run as a process
 * against the REAL user REST resources over the in-memory model, as a user would run it: output piped (so plain),
 * server and token from the environment, repository and commit from a real git checkout.
 */
public class CliEndToEndTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();
    private static UserApiServer server;
    private static File checkout;
    private static String checkoutHead;

    record Run(int exit, String out, String err) {
    }

    @BeforeClass
    public static void start() throws Exception {
        server = new UserApiServer(new InMemoryOcelot(), UiFixture.users(), new ParserPipelineValidator());
        checkout = tmp.newFolder("app");
        git("init", "-q");
        git("remote", "add", "origin", "https://bitbucket.example.com/scm/proj/app.git");
        git("commit", "-q", "--allow-empty", "-m", "local work");
        checkoutHead = git("rev-parse", "HEAD");
    }

    @AfterClass
    public static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Before
    public void seed() {
        UiFixture.seed(server.ocelot);
    }

    private static String git(String... args) {
        return Shell.git(checkout.toPath(), args);
    }

    private Run ocelot(String token, String... args) throws Exception {
        return ocelotAt(server.baseUrl, token, args);
    }

    private Run ocelotAt(String url, String token, String... args) throws Exception {
        OcelotCli.Run r = new OcelotCli(checkout).run(url, token, null, args);
        return new Run(r.exit(), r.out(), r.err());
    }

    @Test
    public void statusExitsWithTheNewestBuildsState() throws Exception {
        Run running = ocelot("t-reader", "status", "PROJ/app");
        assertEquals(running.err(), 4, running.exit());
        assertTrue(running.out(), running.out().startsWith("PROJ/app\nBUILD  STATE"));
        assertTrue(running.out().contains("#2     RUNNING  PROJ/app    main"));
        assertFalse("no colour when piped", running.out().contains("\u001b["));

        long mine = server.ocelot.addBuild(UiFixture.APP, "main", checkoutHead, "local work", "PUSH", "me", "web");
        server.ocelot.finish(mine, ApiBuildState.PASSED, null);
        Run head = ocelot("t-reader", "status");
        assertEquals(head.err(), 0, head.exit());
        assertTrue(head.out().startsWith("PROJ/app @ " + checkoutHead));

        server.ocelot.finish(mine, ApiBuildState.FAILED, "exit code 1");
        assertEquals(1, ocelot("t-reader", "status", checkoutHead.substring(0, 8)).exit());

        Run json = ocelot("t-reader", "status", "--json", "app");
        assertEquals(1, json.exit()); // the newest build of PROJ/app is now the failed one
        assertEquals(mine, Json.mapper().readTree(json.out()).get("builds").get(0).get("id").asLong());
        assertEquals("PROJ/app", Json.mapper().readTree(json.out()).get("repository").asText());
    }

    @Test
    public void refusalsSayWhyAndExit5() throws Exception {
        Run ambiguous = ocelot("t-reader", "status", "aaaa");
        assertEquals(5, ambiguous.exit());
        assertTrue(ambiguous.err(), ambiguous.err().contains("ambiguous") && ambiguous.err().contains("  " + UiFixture.HEAD));
        Run untracked = ocelot("t-admin", "status", "PROJ/quiet");
        assertEquals(5, untracked.exit());
        assertEquals("ocelot status: PROJ/quiet is not tracked by Ocelot\n", untracked.err());
        Run anonymous = ocelot(null, "summary", "PROJ/app");
        assertEquals(5, anonymous.exit());
        assertTrue(anonymous.err(), anonymous.err().contains("no token"));
        assertEquals(5, ocelot("t-reader", "werkers").exit());
        Run kill = ocelot("t-reader", "kill", "2");
        assertEquals(5, kill.exit());
        assertTrue(kill.err().contains("You need REPO_WRITE permission on PROJ/app"));
        assertEquals(ApiBuildState.RUNNING, server.ocelot.build(2).orElseThrow().build().state());
    }

    @Test
    public void logsPrintTheWholeLogAndFollowUntilTheBuildEnds() throws Exception {
        Run log = ocelot("t-reader", "logs", "1");
        assertEquals(log.err(), 0, log.exit());
        assertEquals("compiling\nwarning: slow test\n", log.out());

        CompletableFuture<Void> more = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.ocelot.log(2, 0, "STDOUT", "still working\n");
            server.ocelot.finish(2, ApiBuildState.FAILED, "exit code 3");
        });
        Run follow = ocelot("t-reader", "logs", "--follow", "--poll-millis=100", "aaaa1111");
        more.get();
        assertEquals(follow.err(), 1, follow.exit());
        assertEquals("working\nstill working\n", follow.out());
    }

    @Test
    public void summaryKillTriggerWatchAndWerkers() throws Exception {
        Run summary = ocelot("t-reader", "summary", "--limit", "1", "--json");
        assertEquals(summary.err(), 0, summary.exit());
        assertEquals(1, Json.mapper().readTree(summary.out()).size());
        Run group = ocelot("t-reader", "summary", "--group", "web");
        assertTrue(group.out(), group.out().contains("#1 ") && group.out().contains("#2 "));

        Run kill = ocelot("t-writer", "kill", "2");
        assertEquals(kill.err(), 0, kill.exit());
        assertEquals("build #2 of PROJ/app: cancel requested\n", kill.out());

        Run skipped = ocelot("t-writer", "trigger", "PROJ/app", "--branch", "feature/x");
        assertEquals(1, skipped.exit());
        assertEquals("not built: the commit message says [skip ci] (use --force to build anyway)\n", skipped.out());
        Run forced = ocelot("t-writer", "trigger", "--branch", "feature/x", "--force");
        assertEquals(forced.err(), 0, forced.exit());
        assertTrue(forced.out(), forced.out().startsWith("build #4 queued for PROJ/app @ " + UiFixture.OLD + " (feature/x)\n"));
        assertTrue(forced.out().contains("/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/4"));
        assertEquals("writer", server.ocelot.build(4).orElseThrow().build().triggeredBy());
        assertEquals("the build records that the command line asked", "CLI",
                server.ocelot.build(4).orElseThrow().build().trigger());

        assertEquals(5, ocelot("t-writer", "watch", "PROJ/quiet").exit());
        Run watch = ocelot("t-repoadmin", "watch", "PROJ/quiet");
        assertEquals(watch.err(), 0, watch.exit());
        assertEquals("PROJ/quiet is built by Ocelot\n", watch.out());
        assertEquals(1, ocelot("t-reader", "status", "PROJ/quiet").exit()); // its last build failed
        assertEquals(0, ocelot("t-repoadmin", "unwatch", "PROJ/quiet").exit());
        assertFalse(server.ocelot.get(UiFixture.QUIET).enabled());

        Run werkers = ocelot("t-admin", "werkers");
        assertEquals(werkers.err(), 0, werkers.exit());
        assertTrue(werkers.out(), werkers.out().contains("werker-1  ONLINE  1/2     linux,docker"));
    }

    @Test
    public void serverTroubleAndUsageHaveTheirOwnExitCodes() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Run down = ocelotAt("http://127.0.0.1:" + closedPort, "t-reader", "status", "PROJ/app");
        assertEquals(3, down.exit());
        assertTrue(down.err(), down.err().contains("cannot reach http://127.0.0.1:" + closedPort));
        Run noServer = ocelotAt(null, "t-reader", "status", "PROJ/app");
        assertEquals(2, noServer.exit());
        assertTrue(noServer.err().contains("OCELOT_URL"));
        assertEquals(2, ocelot("t-reader", "summary", "not-a-repo").exit());
        assertEquals(2, ocelot("t-reader", "status", "--no-such-flag").exit());
    }
}
