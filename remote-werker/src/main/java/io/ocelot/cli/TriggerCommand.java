package io.ocelot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** PLACEHOLDER until its issue lands. */
@Command(name = "trigger", description = "Trigger a build.")
public final class TriggerCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ocelot trigger: not available yet");
        return Main.EXIT_TROUBLE;
    }
}
