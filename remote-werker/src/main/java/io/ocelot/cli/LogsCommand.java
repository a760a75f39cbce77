package io.ocelot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** PLACEHOLDER until its issue lands. */
@Command(name = "logs", description = "Show a build's log.")
public final class LogsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ocelot logs: not available yet");
        return Main.EXIT_TROUBLE;
    }
}
