package io.ocelot.core.build;

import org.junit.Test;

import java.util.Optional;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

/** The stage marker lines: plain to read, and read back exactly, also for names with quotes. */
public class StageMarkerTest {
    @Test
    public void startAndEndLinesReadAsTextAndParseBack() {
        assertEquals("--- ocelot stage 2/3 \"test\" started\n", StageMarker.start(1, 3, "test"));
        StageResult timedOut = new StageResult(2, "deploy", StageStatus.FAILED, 143, 600_000, "timed out after 10m");
        String end = StageMarker.end(timedOut, 3);
        assertEquals("--- ocelot stage 3/3 \"deploy\" FAILED in 10m00s, exit code 143 (timed out after 10m)\n", end);
        assertEquals(Optional.of(new StageMarker.Parsed(2, 3, "deploy", StageStatus.FAILED,
                "in 10m00s, exit code 143 (timed out after 10m)")), StageMarker.parse(end));
        assertEquals("--- ocelot stage 1/1 \"a\" PASSED in 850ms, exit code 0\n",
                StageMarker.end(new StageResult(0, "a", StageStatus.PASSED, 0, 850, "exit code 0"), 1));

        String odd = StageMarker.start(0, 1, "say \"hi\" \\ bye");
        assertEquals("say \"hi\" \\ bye", StageMarker.parse(odd).orElseThrow().name());
        assertEquals(true, StageMarker.parse(odd).orElseThrow().isStart());
    }

    @Test
    public void otherLinesAreNotMarkersAndStripKeepsThem() {
        assertFalse(StageMarker.isMarker("--- ocelot stage two \"x\" started"));
        assertFalse(StageMarker.isMarker("--- ocelot stage 1/2 \"x\" WHATEVER in 1s"));
        assertFalse(StageMarker.isMarker("  --- ocelot stage 1/2 \"x\" started"));
        String log = "setup\n" + StageMarker.start(0, 1, "x") + "out\nno newline";
        assertEquals("setup\nout\nno newline", StageMarker.strip(log));
    }
}
