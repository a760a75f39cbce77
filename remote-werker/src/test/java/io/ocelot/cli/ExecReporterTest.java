package io.ocelot.cli;

import org.junit.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.Assert.assertEquals;

/** What {@code ocelot exec} prints of the engine's events that no stage log holds. */
public class ExecReporterTest {
    @Test
    public void aCleanUpLineAfterTheOutcomeIsPrintedOnStderrNotLost() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecReporter r = new ExecReporter(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, 1);

        r.afterFinish("could not remove container 0123456789ab (device busy); the janitor removes it later");

        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("ocelot: could not remove container 0123456789ab (device busy); the janitor removes it later\n",
                err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
