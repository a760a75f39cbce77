package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocelot kill BUILD|HASH [--wait]}: cancels a queued or running build (REPO_WRITE). */
@Command(name = "kill", description = {"Cancel a queued or running build (a build number, or a commit's newest build).",
        "A running build is stopped by its werker (SIGTERM, then SIGKILL after the grace period; 'always' stages "
        + "still run), so it ends CANCELLED a little later: --wait waits for that.",
        "Exit: 0 cancel requested (with --wait: the build ended CANCELLED), 1 it ended otherwise."})
public final class KillCommand extends UserCommand {
    @Parameters(arity = "0..1", paramLabel = "BUILD|HASH")
    String ref;

    @Option(names = {"-w", "--wait"}, description = "Wait until the build has ended.")
    boolean await;

    @Option(names = "--poll-millis", defaultValue = "500", hidden = true)
    long pollMillis;

    @Override
    protected int run(OcelotClient client, Output out) throws InterruptedException {
        long id = buildId(client, ref);
        BuildSummary b = client.kill(id);
        if (!out.json()) {
            out.line("build #" + b.id() + " of " + b.repository() + ": cancel requested");
        }
        if (!await) {
            if (out.json()) {
                out.printJson(b);
            }
            return OK;
        }
        while (!b.state().isFinished()) {
            Thread.sleep(pollMillis);
            b = client.build(id).build();
        }
        if (out.json()) {
            out.printJson(b);
        } else {
            out.line("build #" + b.id() + " of " + b.repository() + ": " + out.state(b.state()));
        }
        return b.state() == ApiBuildState.CANCELLED ? OK : FAILED;
    }
}
