package io.ocelot.plugin.ui;

import io.ocelot.core.api.LogPage;
import org.junit.Test;

import java.util.List;

import static org.junit.Assert.assertEquals;

/** The build page's log by stage: from stage marker lines when the log has them, else from the stage of each chunk. */
public class LogSectionsTest {
    private static LogPage.Chunk chunk(int stage, String stream, String text) {
        return new LogPage.Chunk(0, stage, stream, text);
    }

    @Test
    public void markerLinesSplitTheLogAndCarryResultAndDuration() {
        List<LogSections.Section> s = LogSections.split(List.of(
                chunk(0, "SYSTEM", "pulling image\n--- ocelot stage 1/2 \"build\" started\n"),
                chunk(0, "STDOUT", "compiling\n"),
                chunk(0, "SYSTEM", "--- ocelot stage 1/2 \"build\" PASSED in 1m05s\n--- ocelot stage 2/2 \"test\" started\n"),
                chunk(1, "STDERR", "boom\r\n"),
                chunk(1, "SYSTEM", "--- ocelot stage 2/2 \"test\" FAILED in 3.0s, exit code 1\nuploading nothing\n")), List.of("build", "test"));
        assertEquals(List.of(
                new LogSections.Section(-1, "Ocelot", "pulling image\n", "", ""),
                new LogSections.Section(0, "build", "compiling\n", "PASSED", "1m05s"),
                new LogSections.Section(1, "test", "boom\r\n", "FAILED", "3.0s, exit code 1"),
                new LogSections.Section(-1, "Ocelot", "uploading nothing\n", "", "")), s);
    }

    @Test
    public void aStageStillRunningHasNoEndYet() {
        List<LogSections.Section> s = LogSections.split(List.of(
                chunk(0, "SYSTEM", "--- ocelot stage 1/1 \"build\" started\n"), chunk(0, "STDOUT", "half a li")), List.of("build"));
        assertEquals(List.of(new LogSections.Section(0, "build", "half a li", "", "")), s);
    }

    @Test
    public void withoutMarkersTheChunksStageSplitsIt() {
        List<LogSections.Section> s = LogSections.split(List.of(
                chunk(-1, "SYSTEM", "pulling image\n"),
                chunk(0, "STDOUT", "compiling\n"), chunk(0, "STDERR", "warning\n"),
                chunk(1, "STDOUT", "testing\n"),
                chunk(7, "SYSTEM", "stage 8 is not in the plan\n")), List.of("build", "test"));
        assertEquals(List.of(
                new LogSections.Section(-1, "Ocelot", "pulling image\n", "", ""),
                new LogSections.Section(0, "build", "compiling\nwarning\n", "", ""),
                new LogSections.Section(1, "test", "testing\n", "", ""),
                new LogSections.Section(-1, "Ocelot", "stage 8 is not in the plan\n", "", "")), s);
    }

    @Test
    public void aBuildPrintingMarkerLinesCannotFakeAStage() {
        List<LogSections.Section> s = LogSections.split(List.of(
                chunk(0, "SYSTEM", "--- ocelot stage 1/1 \"build\" started\n"),
                chunk(0, "STDOUT", "--- ocelot stage 1/1 \"build\" PASSED in 0ms\n--- ocelot stage 2/2 \"deploy\" started\nreal output\n")), List.of("build"));
        assertEquals(List.of(new LogSections.Section(0, "build",
                "--- ocelot stage 1/1 \"build\" PASSED in 0ms\n--- ocelot stage 2/2 \"deploy\" started\nreal output\n", "", "")), s);
    }

    @Test
    public void aLineThatOnlyLooksLikeAMarkerInsideOutputStaysText() {
        List<LogSections.Section> s = LogSections.split(List.of(chunk(0, "STDOUT", "echo '--- ocelot stage 1/1 \"x\" started'\n")),
                List.of("build"));
        assertEquals(1, s.size());
        assertEquals("echo '--- ocelot stage 1/1 \"x\" started'\n", s.get(0).text());
    }
}
