package io.ocelot.werker.agent;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.protocol.Messages.FinishRequest;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/** Real signals to a real werker process: SIGTERM drains and exits 0; two SIGINTs cancel now. */
public class ShutdownSignalsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakePlugin plugin;
    private Process werker;

    @Before
    public void startPlugin() throws IOException {
        plugin = new FakePlugin(300).start();
    }

    @After
    public void stop() {
        if (werker != null && werker.isAlive()) {
            werker.destroyForcibly();
        }
        plugin.close();
    }

    private Process startWerker(String drainTimeout, int writes) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                SignalDrill.class.getName(), plugin.url(), tmp.newFolder().toString(), drainTimeout,
                Integer.toString(writes)))
                .redirectErrorStream(true)
                .redirectOutput(new File(tmp.getRoot(), "werker.log"))
                .start();
    }

    private static void signal(Process p, String sig) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor());
    }

    @Test
    public void sigtermLetsTheRunningBuildFinishDeliversItAndExitsZero() throws Exception {
        plugin.enqueue(1);
        werker = startWerker("1m", 60);
        AgentTest.await("running", () -> plugin.build(1).held() > 0);
        signal(werker, "TERM");
        assertTrue("exited", werker.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, werker.exitValue());
        FinishRequest finish = plugin.build(1).finish;
        assertNotNull("delivered before exit", finish);
        assertEquals(BuildResult.PASSED, finish.result());
        assertEquals(finish.logLength(), plugin.build(1).held());
    }

    @Test
    public void aSecondSigintCancelsTheRunningBuildAtOnce() throws Exception {
        plugin.enqueue(2);
        werker = startWerker("1h", 1_000_000);
        AgentTest.await("running", () -> plugin.build(2).held() > 0);
        signal(werker, "INT");
        Thread.sleep(300);
        assertTrue("the first Ctrl-C only drains", werker.isAlive());
        signal(werker, "INT");
        assertTrue("exited", werker.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, werker.exitValue());
        FinishRequest finish = plugin.build(2).finish;
        assertNotNull(finish);
        assertEquals(BuildResult.CANCELLED, finish.result());
        assertEquals("cancelled on the werker: second SIGINT", finish.message());
    }
}
