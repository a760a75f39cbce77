package io.ocelot.werker.engine;

import io.ocelot.core.protocol.Messages.LogStream;
import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.Assert.assertEquals;

/**
 * The log of stages running at once: each stage's output goes on by whole lines, so two stages' lines are never
 * glued into one line of the merged log; what is left of a line goes at the stage's end; a line longer than the
 * hold goes on in pieces rather than being held for ever.
 */
public class BuildLogWholeLinesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    public void interleavedStagesKeepTheirLinesWhole() {
        RecordingListener l = new RecordingListener();
        BuildLog log = new BuildLog(List.of("s3cret"), l, true);
        BuildLog.StageLog a = log.stage(0);
        BuildLog.StageLog c = log.stage(1);
        a.write(LogStream.STDOUT, b("compiling"));
        c.write(LogStream.STDOUT, b("linting "));
        a.write(LogStream.STDOUT, b(" module 1\ncompiling mod"));
        c.write(LogStream.STDOUT, b("ok\n"));
        a.write(LogStream.STDOUT, b("ule 2 with s3"));
        a.write(LogStream.STDOUT, b("cret\n"));
        c.write(LogStream.STDOUT, b("no newline at the end"));
        c.close();
        a.close();
        log.flush();

        assertEquals("compiling module 1\nlinting ok\ncompiling module 2 with ****\nno newline at the end",
                l.everything());
        assertEquals("compiling module 1\ncompiling module 2 with ****\n", l.stdout(0));
        assertEquals("linting ok\nno newline at the end", l.stdout(1));
    }

    @Test
    public void aLineLongerThanTheHoldGoesOnInPieces() {
        RecordingListener l = new RecordingListener();
        BuildLog log = new BuildLog(List.of(), l, true);
        BuildLog.StageLog a = log.stage(0);
        String dots = ".".repeat(BuildLog.HELD_LINE_MAX + 1);
        a.write(LogStream.STDOUT, b(dots));
        assertEquals("passed on without its newline", dots, l.stdout(0));
        a.close();
    }
}
