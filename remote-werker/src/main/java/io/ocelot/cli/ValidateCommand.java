package io.ocelot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** PLACEHOLDER until its issue lands. */
@Command(name = "validate", description = "Check an ocelot.yml and report every problem as FILE:LINE:COLUMN.")
public final class ValidateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ocelot validate: not available yet");
        return Main.EXIT_TROUBLE;
    }
}
