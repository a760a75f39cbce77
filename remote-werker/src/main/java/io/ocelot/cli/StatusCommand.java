package io.ocelot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** PLACEHOLDER until its issue lands. */
@Command(name = "status", description = "Show the status of builds.")
public final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ocelot status: not available yet");
        return Main.EXIT_TROUBLE;
    }
}
