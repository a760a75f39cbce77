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
        log.complete();

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

    @Test
    public void onceCompleteTheLogTakesNothingMoreAndCleanUpLinesGoToAfterFinishMasked() {
        List<String> after = new java.util.ArrayList<>();
        RecordingListener l = new RecordingListener() {
            @Override
            public void afterFinish(String line) {
                after.add(line);
            }
        };
        BuildLog log = new BuildLog(List.of("s3cret"), l, false);
        BuildLog.StageLog a = log.stage(0);
        BuildLog.StageLog late = log.stage(1);
        a.write(LogStream.STDOUT, b("held s3"));
        a.close();
        log.system("$ creating container");
        log.complete();
        late.write(LogStream.STDOUT, b("a straggler\n"));
        log.system("could not remove container c1 (s3cret in the message)");

        assertEquals("held s3$ creating container\n", l.everything());
        assertEquals("", l.stdout(1));
        assertEquals(List.of("could not remove container c1 (**** in the message)"), after);
    }
}
