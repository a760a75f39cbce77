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

    /** A stage graph: "build" first, then "lint" and "test" at the same time, their lines interleaved chunk by chunk. */
    @Test
    public void interleavedStagesEachKeepOnlyTheirOwnLinesInTheOrderTheyStarted() {
        List<LogSections.Section> s = LogSections.split(List.of(
                chunk(-1, "SYSTEM", "ocelot: pulling ocelot/busybox\n"),
                chunk(0, "SYSTEM", "--- ocelot stage 1/3 \"build\" started\n"),
                chunk(0, "STDOUT", "compiling\n"),
                chunk(0, "SYSTEM", "--- ocelot stage 1/3 \"build\" PASSED in 1.0s, exit code 0\n"),
                chunk(2, "SYSTEM", "--- ocelot stage 3/3 \"test\" started\n"),
                chunk(1, "SYSTEM", "--- ocelot stage 2/3 \"lint\" started\n"),
                chunk(2, "STDOUT", "test one ok\n"),
                chunk(1, "STDOUT", "lint a.c\nlint b.c\n"),
                chunk(-1, "SYSTEM", "ocelot: service db is up\n"),
                chunk(2, "STDERR", "test two FAILED\n"),
                chunk(1, "SYSTEM", "--- ocelot stage 2/3 \"lint\" PASSED in 2.0s, exit code 0\n"),
                chunk(2, "STDOUT", "test three ok\n"),
                chunk(2, "SYSTEM", "--- ocelot stage 3/3 \"test\" FAILED in 4.2s, exit code 1\n"),
                chunk(-1, "SYSTEM", "ocelot: removing the build's containers\n")), List.of("build", "lint", "test"));
        assertEquals(List.of(
                new LogSections.Section(-1, "Ocelot",
                        "ocelot: pulling ocelot/busybox\nocelot: service db is up\nocelot: removing the build's containers\n", "", ""),
                new LogSections.Section(0, "build", "compiling\n", "PASSED", "1.0s, exit code 0"),
                new LogSections.Section(2, "test", "test one ok\ntest two FAILED\ntest three ok\n", "FAILED", "4.2s, exit code 1"),
                new LogSections.Section(1, "lint", "lint a.c\nlint b.c\n", "PASSED", "2.0s, exit code 0")), s);
    }

    @Test
    public void interleavedStagesStillRunningHaveNoEndYetAndAStageNotStartedHasNoSection() {
        List<LogSections.Section> s = LogSections.split(List.of(
                chunk(0, "SYSTEM", "--- ocelot stage 1/3 \"lint\" started\n"),
                chunk(1, "SYSTEM", "--- ocelot stage 2/3 \"test\" started\n"),
                chunk(1, "STDOUT", "testing\n"),
                chunk(0, "STDOUT", "linting\n"),
                chunk(0, "STDOUT", "--- ocelot stage 3/3 \"deploy\" started\n")), List.of("lint", "test", "deploy"));
        assertEquals(List.of(
                new LogSections.Section(0, "lint", "linting\n--- ocelot stage 3/3 \"deploy\" started\n", "", ""),
                new LogSections.Section(1, "test", "testing\n", "", "")), s);
    }

    /** A graph whose stages happened not to overlap reads exactly as a sequential build. */
    @Test
    public void stagesThatDidNotOverlapSplitAtTheirMarkers() {
        List<LogSections.Section> s = LogSections.split(List.of(
                chunk(0, "SYSTEM", "--- ocelot stage 1/2 \"a\" started\n"), chunk(0, "STDOUT", "one\n"),
                chunk(0, "SYSTEM", "--- ocelot stage 1/2 \"a\" PASSED in 5ms\n"),
                chunk(-1, "SYSTEM", "between\n"),
                chunk(1, "SYSTEM", "--- ocelot stage 2/2 \"b\" started\n"), chunk(1, "STDOUT", "two\n")), List.of("a", "b"));
        assertEquals(List.of(
                new LogSections.Section(0, "a", "one\n", "PASSED", "5ms"),
                new LogSections.Section(-1, "Ocelot", "between\n", "", ""),
                new LogSections.Section(1, "b", "two\n", "", "")), s);
    }
}
