package io.ocelot.cli;

import picocli.CommandLine.Command;

/** {@code ocelot unwatch [REPO]}: Switch Ocelot off for a repository (REPO_ADMIN). REPO defaults to the checkout's origin. */
@Command(name = "unwatch", description = "Switch Ocelot off for a repository (REPO_ADMIN).")
public final class UnwatchCommand extends WatchSwitch {
    public UnwatchCommand() {
        super(false);
    }
}
