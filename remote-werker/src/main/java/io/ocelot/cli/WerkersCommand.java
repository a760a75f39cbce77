package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.WerkerView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;

/** {@code ocelot werkers}: the registered werkers; {@code ocelot werkers revoke ID}: revoke one (global ADMIN). */
@Command(name = "werkers", description = "List the registered werkers (needs Bitbucket ADMIN).",
        subcommands = WerkersCommand.Revoke.class)
public final class WerkersCommand extends UserCommand {
    @Override
    protected int run(OcelotClient client, Output out) {
        List<WerkerView> werkers = client.werkers();
        if (out.json()) {
            out.printJson(werkers);
        } else if (werkers.isEmpty()) {
            out.line("no werkers registered");
        } else {
            out.table(List.of("ID", "NAME", "STATE", "BUILDS", "LABELS", "LAST SEEN", "VERSION"), werkers.stream()
                    .map(w -> List.of(String.valueOf(w.id()), w.name(), w.state(), w.runningBuilds() + "/" + w.maxBuilds(),
                            String.join(",", w.labels()), w.lastSeenAt() == null ? "-" : Instant.ofEpochMilli(w.lastSeenAt()).toString(),
                            w.version() == null ? "-" : w.version()))
                    .toList());
        }
        return OK;
    }

    /** {@code ocelot werkers revoke ID}: the werker's token stops working at once; it must register again. */
    @Command(name = "revoke", description = "Revoke a werker: its token stops working at once (needs Bitbucket ADMIN).")
    public static final class Revoke extends UserCommand {
        @Parameters(paramLabel = "ID", description = "The werker's id, as 'ocelot werkers' lists it.")
        long id;

        @Override
        protected int run(OcelotClient client, Output out) {
            WerkerView w = client.revokeWerker(id);
            if (out.json()) {
                out.printJson(w);
            } else {
                out.line("werker " + w.id() + " (" + w.name() + ") is revoked: its builds and calls are refused from now on");
            }
            return OK;
        }
    }
}
