package io.ocelot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** PLACEHOLDER until its issue lands. */
@Command(name = "unwatch", description = "Switch Ocelot off for a repository.")
public final class UnwatchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ocelot unwatch: not available yet");
        return Main.EXIT_TROUBLE;
    }
}
