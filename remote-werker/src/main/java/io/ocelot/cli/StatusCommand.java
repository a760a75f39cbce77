package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.StatusReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocelot status [REPO|HASH]}: the builds of a repository or a commit; exits with the newest build's state. */
@Command(name = "status", description = {"Show the builds of a repository (PROJECT/repo or slug) or a commit (hash prefix).",
        "Without an argument: the current checkout's HEAD commit. When that is one build that failed or still runs, "
        + "its stages too (see 'ocelot show' for the whole build).",
        "Exit: 0 passed, 1 failed/errored/cancelled, 4 queued or running, 5 refused, 3 server trouble."})
public final class StatusCommand extends UserCommand {
    @Parameters(arity = "0..1", paramLabel = "REPO|HASH")
    String ref;

    @Option(names = "--limit", defaultValue = "10", description = "How many builds to show (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected int run(OcelotClient client, Output out) {
        StatusReply reply = status(client, ref != null ? ref : head(), limit(limit));
        if (out.json()) {
            out.printJson(reply);
        } else {
            out.line(reply.repository() + (reply.commit() == null ? "" : " @ " + reply.commit()));
            if (reply.builds().isEmpty()) {
                out.line("no builds yet");
            } else {
                out.table(BUILD_HEADER, rows(reply.builds(), out, System.currentTimeMillis()));
                BuildSummary only = reply.builds().size() == 1 ? reply.builds().get(0) : null;
                if (only != null && only.state() != ApiBuildState.PASSED && only.state() != ApiBuildState.CANCELLED) {
                    // one build that failed or is still running: what its stages did, as 'ocelot show' has it
                    BuildDetail d = client.build(only.id());
                    if (!d.stages().isEmpty()) {
                        out.line("");
                        BuildReport.stageTable(out, d.stages(), System.currentTimeMillis());
                    }
                }
            }
        }
        return reply.builds().isEmpty() ? OK : exitFor(reply.builds().get(0).state());
    }
}
