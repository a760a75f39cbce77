package io.ocelot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** PLACEHOLDER until its issue lands. */
@Command(name = "werker", description = "Run the build agent (werker start).")
public final class WerkerCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ocelot werker: not available yet");
        return Main.EXIT_TROUBLE;
    }
}
