package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.WerkerView;
import picocli.CommandLine.Command;

import java.time.Instant;
import java.util.List;

/** {@code ocelot werkers}: the registered werkers (global ADMIN). */
@Command(name = "werkers", description = "List the registered werkers (needs Bitbucket ADMIN).")
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
}
