package io.ocelot.plugin.web;

import io.ocelot.plugin.testkit.Shell;
import org.junit.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Runs the browser scripts' tests (src/test/js: ANSI rendering with escaping, the log tail over byte offsets) with
 * Node's built-in runner, so Maven runs them with the rest. Needs {@code node} (20+) on the PATH.
 */
public class BrowserScriptsTest {
    @Test
    public void nodeTestsOfTheBrowserScriptsPass() {
        Path root = Path.of(System.getProperty("ocelot.repo.root", "."));
        Shell.Result r = Shell.run(List.of("node", "--test", "src/test/js/"), root, 60);
        assertEquals("node --test src/test/js/ failed:\n" + r.out(), 0, r.exit());
        assertTrue("no JS test ran:\n" + r.out(), r.out().contains("# pass") && !r.out().contains("# pass 0"));
    }
}
