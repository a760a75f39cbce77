package io.ocelot.cli;

import picocli.CommandLine.Command;

/** {@code ocelot watch [REPO]}: Switch Ocelot on for a repository (REPO_ADMIN). REPO defaults to the checkout's origin. */
@Command(name = "watch", description = "Switch Ocelot on for a repository (REPO_ADMIN).")
public final class WatchCommand extends WatchSwitch {
    public WatchCommand() {
        super(true);
    }
}
