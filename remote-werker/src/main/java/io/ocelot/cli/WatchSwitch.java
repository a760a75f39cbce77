package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.SettingsView;
import picocli.CommandLine.Parameters;

/** {@code ocelot watch} and {@code ocelot unwatch}: one command that switches Ocelot on or off for a repository. */
abstract class WatchSwitch extends UserCommand {
    @Parameters(arity = "0..1", paramLabel = "REPO")
    String repo;

    private final boolean on;

    WatchSwitch(boolean on) {
        this.on = on;
    }

    @Override
    protected int run(OcelotClient client, Output out) {
        String[] r = repository(repo);
        SettingsView s = client.watch(r[0], r[1], on);
        if (out.json()) {
            out.printJson(s);
        } else {
            out.line(r[0] + "/" + r[1] + (s.enabled() ? " is built by Ocelot" : " is no longer built by Ocelot"));
        }
        return OK;
    }
}
