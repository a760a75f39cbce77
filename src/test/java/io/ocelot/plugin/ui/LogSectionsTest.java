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
                chunk(0, "SYSTEM", "pulling image\n==> stage 1/2 build\n"),
                chunk(0, "STDOUT", "compiling\n"),
                chunk(0, "SYSTEM", "<== stage 1/2 build PASSED in 1m 05s\n==> stage 2/2 test\n"),
                chunk(1, "STDERR", "boom\r\n"),
                chunk(1, "SYSTEM", "<== stage 2/2 test FAILED after 3s\nuploading nothing\n")), List.of("build", "test"));
        assertEquals(List.of(
                new LogSections.Section(-1, "Ocelot", "pulling image\n", "", ""),
                new LogSections.Section(0, "build", "compiling\n", "PASSED", "1m 05s"),
                new LogSections.Section(1, "test", "boom\r\n", "FAILED", "3s"),
                new LogSections.Section(-1, "Ocelot", "uploading nothing\n", "", "")), s);
    }

    @Test
    public void aStageStillRunningHasNoEndYet() {
        List<LogSections.Section> s = LogSections.split(List.of(
                chunk(0, "SYSTEM", "==> stage 1 build\n"), chunk(0, "STDOUT", "half a li")), List.of("build"));
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
                chunk(0, "SYSTEM", "==> stage 1 build\n"),
                chunk(0, "STDOUT", "<== stage 1 build PASSED in 0s\n==> stage 2 deploy\nreal output\n")), List.of("build"));
        assertEquals(List.of(new LogSections.Section(0, "build",
                "<== stage 1 build PASSED in 0s\n==> stage 2 deploy\nreal output\n", "", "")), s);
    }

    @Test
    public void aLineThatOnlyLooksLikeAMarkerInsideOutputStaysText() {
        List<LogSections.Section> s = LogSections.split(List.of(chunk(0, "STDOUT", "echo '==> stage 1 x'\n")),
                List.of("build"));
        assertEquals(1, s.size());
        assertEquals("echo '==> stage 1 x'\n", s.get(0).text());
    }
}
