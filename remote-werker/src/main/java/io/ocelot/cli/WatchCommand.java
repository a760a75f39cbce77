package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.SettingsView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ocelot watch [REPO]}: Switch Ocelot on for a repository (REPO_ADMIN). REPO defaults to the checkout's origin. */
@Command(name = "watch", description = "Switch Ocelot on for a repository (REPO_ADMIN).")
public final class WatchCommand extends UserCommand {
    @Parameters(arity = "0..1", paramLabel = "REPO")
    String repo;

    @Override
    protected int run(OcelotClient client, Output out) {
        String[] r = repository(repo);
        SettingsView s = client.watch(r[0], r[1], true);
        if (out.json()) {
            out.printJson(s);
        } else {
            out.line(r[0] + "/" + r[1] + (s.enabled() ? " is built by Ocelot" : " is no longer built by Ocelot"));
        }
        return OK;
    }
}
