package io.ocelot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** PLACEHOLDER until its issue lands. */
@Command(name = "watch", description = "Switch Ocelot on for a repository.")
public final class WatchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ocelot watch: not available yet");
        return Main.EXIT_TROUBLE;
    }
}
