package io.ocelot.e2e;

import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.Rule;
import org.junit.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Issue 14: the workspaces a crashed werker left behind ({@code <work dir>/builds/build-<id>-*}, a clone each) are
 * removed when it starts again; what else is in the work dir stays. The real werker process.
 */
public class WerkerStartSweepE2eTest {
    @Rule
    public final E2eRig rig = new E2eRig();

    @Test
    public void aRestartedWerkerRemovesTheWorkspacesOfItsCrashedBuilds() throws Exception {
        PluginHarness h = rig.plugin();
        WerkerProcess.Spec spec = rig.werker(h, "crashed");
        Path crashed = Files.createDirectories(spec.workDir().resolve("builds/build-41-1234567/workspace/target"));
        Files.write(crashed.resolve("app.jar"), new byte[1 << 20]);
        Path other = Files.createDirectories(spec.workDir().resolve("builds/notes"));

        rig.start(spec).awaitTakingWork();

        assertFalse("the crashed build's workspace is gone", Files.exists(spec.workDir().resolve("builds/build-41-1234567")));
        assertTrue("nothing else is touched", Files.isDirectory(other));
    }
}
