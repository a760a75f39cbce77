package io.ocelot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** PLACEHOLDER until its issue lands. */
@Command(name = "exec", description = "Run a directory's ocelot.yml on the local Docker engine.")
public final class ExecCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ocelot exec: not available yet");
        return Main.EXIT_TROUBLE;
    }
}
