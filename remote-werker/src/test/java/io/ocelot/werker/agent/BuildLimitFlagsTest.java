package io.ocelot.werker.agent;

import io.ocelot.core.plan.ResourceLimits;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** {@code --build-memory/--build-cpus/--build-pids/--build-disk/--image-budget}: defaults, 0 = off, clear errors. */
public class BuildLimitFlagsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private AgentConfig.Builder builder() throws Exception {
        return new AgentConfig.Builder().server("https://bb.example.com").token("t")
                .workDir(tmp.newFolder().toPath());
    }

    @Test
    public void defaultsBoundEveryBuildAndFlagsChangeThem() throws Exception {
        AgentConfig d = builder().build();
        assertEquals(new ResourceLimits(4L << 30, null, 2048L, 20L << 30), d.buildLimits());
        assertEquals(20L << 30, d.imageBudgetBytes());
        assertTrue(d.imageLedger().endsWith("pulled-images.json"));

        AgentConfig c = builder().buildMemory("512MiB").buildCpus("1.5").buildPids("0").buildDisk("0")
                .imageBudget("0").build();
        assertEquals(new ResourceLimits(512L << 20, 1.5, null, null), c.buildLimits());
        assertEquals(0, c.imageBudgetBytes());
    }

    @Test
    public void badValuesAreAllReportedNamingTheFlag() throws Exception {
        try {
            builder().buildMemory("lots").buildCpus("-1").buildPids("3").buildDisk("1k").imageBudget("x").build();
            fail("accepted");
        } catch (ConfigException e) {
            String all = String.join("\n", e.problems());
            assertEquals(all, 5, e.problems().size());
            assertTrue(all, all.contains("--build-memory: not a size: 'lots'"));
            assertTrue(all, all.contains("--build-cpus: expected a number of CPUs"));
            assertTrue(all, all.contains("--build-pids: at least 8 processes (0 = no limit), got 3"));
            assertTrue(all, all.contains("--build-disk: '1k' is too small"));
            assertTrue(all, all.contains("--image-budget: not a size: 'x'"));
        }
    }
}
