package io.ocelot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** PLACEHOLDER until its issue lands. */
@Command(name = "summary", description = "Summary of recent builds of a repository.")
public final class SummaryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ocelot summary: not available yet");
        return Main.EXIT_TROUBLE;
    }
}
