package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.StatusReply;
import io.ocelot.core.api.TriggerView;
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
            long now = System.currentTimeMillis();
            if (reply.builds().isEmpty()) {
                out.line("no builds yet");
            } else {
                out.table(BUILD_HEADER, rows(reply.builds(), out, now));
                BuildSummary only = reply.builds().size() == 1 ? reply.builds().get(0) : null;
                if (only != null && only.state() != ApiBuildState.PASSED && only.state() != ApiBuildState.CANCELLED) {
                    // one build that failed or is still running: what its stages did, as 'ocelot show' has it
                    BuildDetail d = client.build(only.id());
                    if (!d.stages().isEmpty()) {
                        out.line("");
                        BuildReport.stageTable(out, d.stages(), now);
                    }
                }
            }
            for (TriggerView t : reply.triggers()) {
                out.line(triggerLine(t, now));
            }
        }
        return reply.builds().isEmpty() ? OK : exitFor(reply.builds().get(0).state());
    }

    /** "pending trigger: push of main @ 0123456789 by alice, attempt 2 failed (reason); next try in 4s". */
    static String triggerLine(TriggerView t, long now) {
        String what = (t.pullRequestId() != null ? "pull request " + t.pullRequestId() : t.trigger().toLowerCase().replace('_', ' '))
                + " of " + t.branch() + " @ " + t.commit().substring(0, Math.min(10, t.commit().length()))
                + (t.triggeredBy() == null ? "" : " by " + t.triggeredBy());
        if (t.failed()) {
            return "failed trigger: " + what + ", gave up after " + t.attempts() + " attempts: " + t.reason();
        }
        String tried = t.reason() == null ? "" : ", attempt " + t.attempts() + " failed (" + t.reason() + ")";
        if (t.nextAttemptAt() == null) {
            return "pending trigger: " + what + tried + "; being handled now";
        }
        long wait = Math.max(0, t.nextAttemptAt() - now);
        return "pending trigger: " + what + tried + (wait == 0 ? "; waiting to be handled"
                : "; next try in " + Output.duration(wait));
    }
}
