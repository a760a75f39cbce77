package io.ocelot.werker.agent;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.werker.engine.Trees;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

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
    private RealWerker werker;

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
        if (werker != null) {
            werker.close();
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
        String[] commit = new String[1];
        CloneSpec repo = RealWerker.repository(root.resolve("repo"), commit);
        werker = RealWerker.start(plugin, "iso", workDir, root.resolve("werker.log"), "--disk-floor", "0",
                "--stage-user", STAGE_USER);

        plugin.enqueue(1, RealWerker.hostPlan("snoop",
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
                Map.of("DEPLOY_KEY", DEPLOY_KEY), repo, commit[0]);
        AgentTest.await("finished", () -> plugin.build(1).finish != null || !werker.process.isAlive());
        String werkerLog = werker.output();
        assertTrue(werkerLog, werker.process.isAlive());
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
}
