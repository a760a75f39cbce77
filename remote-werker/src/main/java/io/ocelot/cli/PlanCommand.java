package io.ocelot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** PLACEHOLDER until its issue lands. */
@Command(name = "plan", description = "Print the build plan (JSON) an event would produce, or why there is no build.")
public final class PlanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ocelot plan: not available yet");
        return Main.EXIT_TROUBLE;
    }
}
