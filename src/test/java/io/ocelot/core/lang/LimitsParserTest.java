package io.ocelot.core.lang;

import io.ocelot.core.plan.BuildEvent;
import io.ocelot.core.plan.Planner;
import io.ocelot.core.plan.ResourceLimits;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/** {@code limits:} in ocelot.yml: what a build asks the werker to hold it to, with positioned errors. */
public class LimitsParserTest {
    private static final String STAGES = "stages:\n  - name: build\n    script: [make]\n";

    private static PipelineFile valid(String yaml) {
        ParseResult r = PipelineParserTest.parse(yaml);
        assertTrue(r.report(), r.isValid());
        return r.pipeline();
    }

    @Test
    public void sizesCpusAndPidsAreRead() {
        PipelineFile f = valid("image: x\nlimits:\n  memory: 512MiB\n  cpus: 1.5\n  pids: 256\n  disk: 2g\n" + STAGES);
        assertEquals(new ResourceLimits(512L << 20, 1.5, 256L, 2L << 30), f.limits());
        assertEquals(new ResourceLimits(1L << 30, null, null, null),
                valid("image: x\nlimits: {memory: 1GiB}\n" + STAGES).limits());
        assertNull("no section, no limits of its own", valid("image: x\n" + STAGES).limits());
    }

    @Test
    public void thePlanCarriesTheLimits() {
        PipelineFile f = valid("image: x\nlimits: {pids: 64}\n" + STAGES);
        var plan = new Planner().plan(f, BuildEvent.push("main", "0123456789abcdef0123456789abcdef01234567",
                java.util.List.of(), java.util.List.of()))
                .plan();
        assertEquals(Long.valueOf(64), plan.limitsOrNone().pids());
    }

    @Test
    public void badValuesAreReportedWhereTheyAre() {
        ParseResult r = PipelineParserTest.parse("image: x\nlimits:\n  memory: lots\n  cpus: -1\n  pids: 2\n"
                + "  disk: 1k\n  swap: 1g\n" + STAGES);
        assertEquals(r.report(), 5, r.errors().size());
        assertTrue(r.report(), r.report().contains("ocelot.yml:3:11: 'limits.memory': expected a size such as 512MiB"));
        assertTrue(r.report(), r.report().contains("ocelot.yml:4:9: 'limits.cpus': expected a number of CPUs"));
        assertTrue(r.report(), r.report().contains("ocelot.yml:5:9: 'limits.pids': expected a whole number of processes of at least 8, found '2'"));
        assertTrue(r.report(), r.report().contains("ocelot.yml:6:9: 'limits.disk': '1k' is too small"));
        assertTrue(r.report(), r.report().contains("ocelot.yml:7:3: unknown key 'swap' in 'limits'"));
    }

    @Test
    public void theLowerValueWinsFieldByField() {
        ResourceLimits werker = new ResourceLimits(2L << 30, 2.0, 1024L, null);
        ResourceLimits file = new ResourceLimits(4L << 30, 0.5, null, 1L << 30);
        assertEquals(new ResourceLimits(2L << 30, 0.5, 1024L, 1L << 30), werker.lowerOf(file));
    }
}
