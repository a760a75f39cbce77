package io.ocelot.plugin.web;

import org.junit.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Runs the browser scripts' tests (src/test/js: ANSI rendering with escaping, the log tail over byte offsets) with
 * Node's built-in runner, so Maven runs them with the rest. Needs {@code node} (20+) on the PATH.
 */
public class BrowserScriptsTest {
    @Test
    public void nodeTestsOfTheBrowserScriptsPass() throws Exception {
        File root = new File(System.getProperty("ocelot.repo.root", "."));
        Process p = new ProcessBuilder("node", "--test", "src/test/js/").directory(root).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("node --test did not finish", p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("node --test src/test/js/ failed:\n" + out, 0, p.exitValue());
        assertTrue("no JS test ran:\n" + out, out.contains("# pass") && !out.contains("# pass 0"));
    }
}
