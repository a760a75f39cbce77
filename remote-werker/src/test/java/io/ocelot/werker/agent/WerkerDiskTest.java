package io.ocelot.werker.agent;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.werker.engine.shell.StageUser;
import io.ocelot.werker.engine.Trees;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Issue 14, item 8, on a real werker process whose work dir is a small tmpfs: a full spool or workspace ends the
 * build ERRORED "werker disk full on &lt;werker&gt;" at its first attempt (not three times "werker lost"), and the
 * werker says so in {@code /health} and takes no more work; the plugin's per-build log cap holds on the werker.
 */
public class WerkerDiskTest {
    private FakePlugin plugin;
    private Path root;
    private final List<Path> mounts = new ArrayList<>();
    private RealWerker werker;
    private CloneSpec repo;
    private final String[] commit = new String[1];

    @Before
    public void setUp() throws Exception {
        Assume.assumeTrue("mounting a tmpfs needs root", StageUser.currentUid() == 0);
        plugin = new FakePlugin(300).start();
        root = Files.createTempDirectory("ocelot-disk-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        repo = RealWerker.repository(root.resolve("repo"), commit);
    }

    @After
    public void tearDown() throws Exception {
        if (werker != null) {
            werker.close();
        }
        if (plugin != null) {
            plugin.close();
        }
        for (Path m : mounts) {
            new ProcessBuilder("umount", m.toString()).inheritIO().start().waitFor();
        }
        if (root != null) {
            Trees.deleteRecursively(root);
        }
    }

    private Path tmpfs(String name, String size) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0711", "tmpfs",
                dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assume.assumeTrue("cannot mount a tmpfs here: " + out, p.waitFor() == 0);
        mounts.add(dir);
        return dir;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> health(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private FinishRequest awaitFinish(long id) throws Exception {
        AgentTest.await("build " + id + " finished", () -> plugin.build(id).finish != null || !werker.process.isAlive());
        assertTrue(werker.output(), werker.process.isAlive());
        return plugin.build(id).finish;
    }

    /** After a full disk: out of rotation; another build stays queued while the disk-full pause lasts. */
    private void assertOutOfRotation(int port, String why) throws Exception {
        HttpResponse<String> h = health(port);
        assertEquals(h.body(), 503, h.statusCode());
        assertTrue(h.body(), h.body().contains("disk full: build 1: werker disk full on tiny: " + why));
        plugin.enqueue(2);
        Thread.sleep(1500);
        assertTrue("the werker took work with a full disk", plugin.queued(2));
        assertEquals("tried once, not retried as a lost werker", 1, plugin.build(1).attempt);
    }

    @Test
    public void aFullSpoolEndsTheBuildErroredOnceAndTakesTheWerkerOutOfRotation() throws Exception {
        Path work = tmpfs("work", "3m");
        int port = freePort();
        werker = RealWerker.start(plugin, "tiny", work, root.resolve("werker.log"), "--disk-floor", "0",
                "--metrics-port", Integer.toString(port));
        plugin.enqueue(1, RealWerker.hostPlan("flood", "head -c 8000000 /dev/zero | tr '\\0' x", "echo done"),
                Map.of(), repo, commit[0]);

        FinishRequest finish = awaitFinish(1);
        assertEquals(finish.message(), BuildResult.ERRORED, finish.result());
        assertTrue(finish.message(), finish.message().startsWith("werker disk full on tiny: cannot write the build's spool in "));
        assertEquals("what the spool holds is delivered", finish.logLength(), plugin.build(1).held());
        assertTrue(finish.logLength() + " > the disk", finish.logLength() < 3 * 1024 * 1024);
        assertOutOfRotation(port, "cannot write the build's spool");
        assertTrue(werker.output(), werker.output().contains("not taking work until there is room again"));
    }

    @Test
    public void aFullWorkspaceDiskEndsTheBuildErroredOnce() throws Exception {
        Path work = tmpfs("work", "3m");
        int port = freePort();
        werker = RealWerker.start(plugin, "tiny", work, root.resolve("werker.log"), "--disk-floor", "0",
                "--metrics-port", Integer.toString(port));
        plugin.enqueue(1, RealWerker.hostPlan("fill", "echo filling", "head -c 8000000 /dev/zero > big", "echo never"),
                Map.of(), repo, commit[0]);

        FinishRequest finish = awaitFinish(1);
        assertEquals(finish.message(), BuildResult.ERRORED, finish.result());
        assertTrue(finish.message(), finish.message().startsWith("werker disk full on tiny: "));
        assertTrue(finish.message(), finish.message().endsWith("(stage \"fill\" failed with exit code 1)"));
        String log = new String(plugin.build(1).logBytes(), StandardCharsets.UTF_8);
        assertTrue(log, log.contains("filling\n"));
        assertFalse(log, log.contains("never"));
        assertOutOfRotation(port, "");
    }

    @Test
    public void theWerkerKeepsTheLogUnderThePluginsCapAndSaysWhere() throws Exception {
        plugin.logCapBytes = 200_000L;
        werker = RealWerker.start(plugin, "capped", root.resolve("work"), root.resolve("werker.log"),
                "--disk-floor", "0");
        plugin.enqueue(1, RealWerker.hostPlan("chatty", "head -c 1000000 /dev/zero | tr '\\0' x", "echo after"),
                Map.of(), repo, commit[0]);

        FinishRequest finish = awaitFinish(1);
        assertEquals(BuildResult.PASSED, finish.result());
        String log = new String(plugin.build(1).logBytes(), StandardCharsets.UTF_8);
        assertTrue("log of " + finish.logLength() + " bytes", finish.logLength() <= 200_000);
        assertTrue(log.substring(Math.max(0, log.length() - 300)),
                log.contains("ocelot: the build log reached its cap of 195.3 KiB; the rest of this build's output is not kept"));
        assertFalse(log.contains("after\n"));
    }
}
