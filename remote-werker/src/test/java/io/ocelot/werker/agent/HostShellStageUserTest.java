package io.ocelot.werker.agent;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.werker.workspace.Trees;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Issue 14, item 1, on a real werker process (registered with the secret in its environment, as an admin starts it)
 * against the HTTP stand-in of the plugin: a host-shell stage that goes looking for the werker's token and
 * registration secret — in the token file it finds through {@code /proc/$PPID/cmdline}, in
 * {@code /proc/$PPID/environ}, in its own environment, in the work dir and spool — finds neither.
 */
public class HostShellStageUserTest {
    private static final String STAGE_USER = "64123:64123"; // no passwd entry needed: the werker switches by number
    private static final String DEPLOY_KEY = "deploy-key-of-this-repo-0001";

    private FakePlugin plugin;
    private Path root;
    private Process werker;

    @Before
    public void setUp() throws Exception {
        Assume.assumeTrue("switching users needs root", io.ocelot.werker.engine.shell.StageUser.currentUid() == 0);
        plugin = new FakePlugin(300).start();
        // a place every user may pass through (o+x), as the werker's work dir must be for a stage user
        root = Files.createTempDirectory("ocelot-stage-user-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
    }

    @After
    public void tearDown() throws Exception {
        if (werker != null && werker.isAlive()) {
            werker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (plugin != null) {
            plugin.close();
        }
        if (root != null) {
            Trees.deleteRecursively(root);
        }
    }

    @Test
    public void aHostShellStageCannotGetTheWerkersTokenOrRegistrationSecret() throws Exception {
        Path workDir = root.resolve("work");
        Path repo = root.resolve("repo");
        Files.createDirectories(repo);
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("README"), "hello\n");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one");
        String commit = git(repo, "rev-parse", "HEAD").strip();
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.ocelot.cli.Main", "werker", "start", "--name", "iso", "--labels", "linux",
                "--work-dir", workDir.toString(), "--disk-floor", "0", "--stage-user", STAGE_USER))
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("werker.log").toFile());
        pb.environment().put(AgentConfig.ENV_SERVER, plugin.url());
        pb.environment().put(AgentConfig.ENV_REGISTRATION_SECRET, FakePlugin.SECRET);
        werker = pb.start();

        plugin.enqueue(1, new BuildPlan(BuildPlan.VERSION, "default", null, "linux", 120, "/workspace", List.of(
                new PlannedStage("snoop", List.of(
                        "echo \"uid $(id -u)\"",
                        "wd=$(tr '\\0' '\\n' < /proc/$PPID/cmdline | sed -n '/^--work-dir$/{n;p;}')",
                        "echo \"found work dir $wd\"",
                        "cat \"$wd/werker-token\" || echo 'token file: denied'",
                        "tr '\\0' '\\n' < /proc/$PPID/environ | grep OCELOT || echo 'parent environ: denied'",
                        "env | grep '^OCELOT_' || echo 'no OCELOT_ variables'",
                        "ls \"$wd\" || echo 'work dir: not listable'",
                        "ls \"$wd/spool\" || echo 'spool: denied'",
                        "touch made-by-the-stage && echo 'workspace: writable'",
                        "echo \"own secret: ${#DEPLOY_KEY} characters\""),
                        Map.of(), "/workspace", 60, false, false, null))), Map.of("DEPLOY_KEY", DEPLOY_KEY),
                new CloneSpec(repo.toUri().toString().replace("file:/", "file:///").replace("file:////", "file:///"),
                        null, null, null), commit);
        AgentTest.await("finished", () -> plugin.build(1).finish != null || !werker.isAlive());
        String werkerLog = Files.readString(root.resolve("werker.log"));
        assertTrue(werkerLog, werker.isAlive());
        String log = new String(plugin.build(1).logBytes(), StandardCharsets.UTF_8);
        assertEquals(log + "\n" + werkerLog, BuildResult.PASSED, plugin.build(1).finish.result());

        String token = Files.readString(workDir.resolve(TokenStore.FILE_NAME)).strip();
        assertTrue(token.startsWith("issued-"));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(workDir.resolve(TokenStore.FILE_NAME))));
        assertTrue(log, log.contains("uid 64123\n"));
        assertTrue("the stage did find the work dir: the test is real\n" + log,
                log.contains("found work dir " + workDir + "\n"));
        assertTrue(log, log.contains("token file: denied\n"));
        assertTrue(log, log.contains("parent environ: denied\n"));
        assertTrue(log, log.contains("no OCELOT_ variables\n"));
        assertTrue(log, log.contains("work dir: not listable\n"));
        assertTrue(log, log.contains("spool: denied\n"));
        assertTrue(log, log.contains("workspace: writable\n"));
        assertTrue(log, log.contains("own secret: " + DEPLOY_KEY.length() + " characters\n"));
        assertFalse("the werker token reached the stage:\n" + log, log.contains(token));
        assertFalse("the registration secret reached the stage:\n" + log, log.contains(FakePlugin.SECRET));
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(out, 0, p.waitFor());
        return out;
    }
}
