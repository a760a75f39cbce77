package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageMarker;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.werker.wiring.Engines;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ocelot.werker.engine.Plans.host;
import static io.ocelot.werker.engine.Plans.stage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The stage boundaries in the log a build writes: a start line and an end line (result, time, exit code) around
 * each stage that ran, as SYSTEM lines of that stage, each on a line of its own; none for a stage that never ran.
 */
public class StageMarkersTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void eachStageThatRanIsFramedByAStartAndAnEndLineFoundInThePlainLog() throws Exception {
        Path work = tmp.newFolder("work").toPath();
        Path project = tmp.newFolder("project").toPath();
        BuildRunner engine = Engines.create(EngineConfig.of("marker-test", work).withGrace(Duration.ofSeconds(1)));
        RecordingListener l = new RecordingListener();
        BuildOutcome o = engine.run(new BuildRequest(1, "marker-test", host(0,
                stage("build \"fast\"", "echo compiling"),
                stage("test", "printf 'no newline at the end'", "exit 3"),
                stage("deploy", "echo never")), null, null, "main", project, Map.of(), null), l, new Cancellation());
        assertEquals(BuildResult.FAILED, o.result());

        String log = l.everything();
        List<String> lines = List.of(log.split("\n"));
        List<StageMarker.Parsed> markers = lines.stream().map(StageMarker::parse).flatMap(Optional::stream).toList();
        assertEquals(log, 4, markers.size());
        assertEquals(new StageMarker.Parsed(0, 3, "build \"fast\"", null, ""), markers.get(0));
        assertEquals(0, markers.get(1).index());
        assertEquals(StageStatus.PASSED, markers.get(1).status());
        assertTrue(markers.get(1).detail(), markers.get(1).detail().matches("in \\d+ms, exit code 0|in [0-9.]+s, exit code 0"));
        assertEquals(new StageMarker.Parsed(1, 3, "test", null, ""), markers.get(2));
        assertEquals(StageStatus.FAILED, markers.get(3).status());
        assertTrue(markers.get(3).detail(), markers.get(3).detail().endsWith(", exit code 3"));

        // readable as it is: the output between its stage's two lines, the unfinished line ended before the marker
        assertTrue(log, log.contains("--- ocelot stage 1/3 \"build \\\"fast\\\"\" started\ncompiling\n--- ocelot stage 1/3 "));
        assertTrue(log, log.contains("--- ocelot stage 2/3 \"test\" started\nno newline at the end\n--- ocelot stage 2/3 \"test\" FAILED in "));
        assertFalse("a stage that never ran has no markers", log.contains("3/3"));
        assertTrue("the markers are the stage's SYSTEM lines", l.system(1).startsWith(StageMarker.PREFIX + "2/3"));
        assertEquals("the stage's own output is untouched", "no newline at the end", l.text(1, LogStream.STDOUT));
        assertEquals("compiling\nno newline at the end\n", StageMarker.strip(log.substring(log.indexOf(StageMarker.PREFIX))));
    }
}
