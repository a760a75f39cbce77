package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.BuildSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ocelot kill BUILD|HASH}: cancels a queued or running build (REPO_WRITE). */
@Command(name = "kill", description = "Cancel a queued or running build (a build number, or a commit's newest build).")
public final class KillCommand extends UserCommand {
    @Parameters(arity = "0..1", paramLabel = "BUILD|HASH")
    String ref;

    @Override
    protected int run(OcelotClient client, Output out) {
        BuildSummary b = client.kill(buildId(client, ref));
        if (out.json()) {
            out.printJson(b);
        } else {
            out.line("build #" + b.id() + " of " + b.repository() + ": " + out.state(b.state()));
        }
        return OK;
    }
}
