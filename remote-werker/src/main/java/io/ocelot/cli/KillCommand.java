package io.ocelot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** PLACEHOLDER until its issue lands. */
@Command(name = "kill", description = "Cancel a running build.")
public final class KillCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ocelot kill: not available yet");
        return Main.EXIT_TROUBLE;
    }
}
