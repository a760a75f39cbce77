package io.ocelot.cli.client;

import io.ocelot.core.api.ApiBuildState;
import org.junit.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.Assert.assertEquals;

public class OutputTest {
    @Test
    public void tablesAlignOnVisibleWidthWithOrWithoutColour() {
        for (boolean color : new boolean[]{false, true}) {
            StringWriter s = new StringWriter();
            Output out = new Output(new PrintWriter(s), color, false);
            out.table(List.of("BUILD", "STATE"), List.of(List.of("#1", out.state(ApiBuildState.PASSED)), List.of("#12", out.state(ApiBuildState.FAILED))));
            assertEquals("BUILD  STATE\n#1     PASSED\n#12    FAILED\n", Output.stripAnsi(s.toString()));
            assertEquals(color, s.toString().contains("\u001b[32mPASSED\u001b[0m"));
        }
    }

    @Test
    public void rawLogTextLosesEscapesWhenNotColouring() {
        StringWriter s = new StringWriter();
        new Output(new PrintWriter(s), false, false).raw("\u001b[31merror\u001b[0m ok\n");
        assertEquals("error ok\n", s.toString());
        assertEquals(0, UserCommand.exitFor(ApiBuildState.PASSED));
        assertEquals(4, UserCommand.exitFor(ApiBuildState.RUNNING));
        assertEquals(1, UserCommand.exitFor(ApiBuildState.ERRORED));
    }

    @Test
    public void progressIsRedrawnInPlaceOnATerminalAndPrintedOncePerChangeElsewhere() {
        StringWriter t = new StringWriter();
        Output term = new Output(new PrintWriter(t), false, false, true);
        term.progress("build #5 RUNNING: stage 1 of 2 (build), 3s elapsed", "build #5 RUNNING: stage 1 of 2 (build)");
        term.progress("build #5 RUNNING: stage 1 of 2 (build), 4s elapsed", "build #5 RUNNING: stage 1 of 2 (build)");
        term.raw("log line\n");
        term.endProgress();
        assertEquals("\r\u001b[Kbuild #5 RUNNING: stage 1 of 2 (build), 3s elapsed"
                + "\r\u001b[Kbuild #5 RUNNING: stage 1 of 2 (build), 4s elapsed"
                + "\r\u001b[Klog line\n", t.toString());

        StringWriter p = new StringWriter();
        Output plain = new Output(new PrintWriter(p), false, false, false);
        plain.progress("build #5 RUNNING: stage 1 of 2 (build), 3s elapsed", "build #5 RUNNING: stage 1 of 2 (build)");
        plain.progress("build #5 RUNNING: stage 1 of 2 (build), 4s elapsed", "build #5 RUNNING: stage 1 of 2 (build)");
        plain.progress("build #5 RUNNING: stage 2 of 2 (test), 5s elapsed", "build #5 RUNNING: stage 2 of 2 (test)");
        plain.endProgress();
        assertEquals("build #5 RUNNING: stage 1 of 2 (build)\nbuild #5 RUNNING: stage 2 of 2 (test)\n", p.toString());
    }
}
