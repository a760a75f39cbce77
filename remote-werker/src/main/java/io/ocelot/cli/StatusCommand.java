package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.StatusReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocelot status [REPO|HASH]}: the builds of a repository or a commit; exits with the newest build's state. */
@Command(name = "status", description = {"Show the builds of a repository (PROJECT/repo or slug) or a commit (hash prefix).",
        "Without an argument: the current checkout's HEAD commit.",
        "Exit: 0 passed, 1 failed/errored/cancelled, 4 queued or running, 5 refused, 3 server trouble."})
public final class StatusCommand extends UserCommand {
    @Parameters(arity = "0..1", paramLabel = "REPO|HASH")
    String ref;

    @Option(names = "--limit", defaultValue = "10", description = "How many builds to show (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected int run(OcelotClient client, Output out) {
        StatusReply reply = client.status(ref != null ? ref : head(), limit);
        if (out.json()) {
            out.printJson(reply);
        } else {
            out.line(reply.repository() + (reply.commit() == null ? "" : " @ " + reply.commit()));
            if (reply.builds().isEmpty()) {
                out.line("no builds yet");
            } else {
                out.table(BUILD_HEADER, rows(reply.builds(), out, System.currentTimeMillis()));
            }
        }
        return reply.builds().isEmpty() ? OK : exitFor(reply.builds().get(0).state());
    }
}
