package io.ocelot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** PLACEHOLDER until its issue lands. */
@Command(name = "werkers", description = "List werkers.")
public final class WerkersCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ocelot werkers: not available yet");
        return Main.EXIT_TROUBLE;
    }
}
