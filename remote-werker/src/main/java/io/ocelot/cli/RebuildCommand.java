package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.TriggerResponse;
import io.ocelot.core.api.UserApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ocelot rebuild BUILD|HASH}: a new build of the same commit with the same trigger inputs (REPO_WRITE). */
@Command(name = "rebuild", description = {"Queue a new build of the same commit, branch or pull request and trigger "
        + "as BUILD (a build number, or a commit's newest build; default: the checkout's HEAD). The old build stays "
        + "as it is.", "Needs REPO_WRITE. Exit: 0 queued."})
public final class RebuildCommand extends UserCommand {
    @Parameters(arity = "0..1", paramLabel = "BUILD|HASH")
    String ref;

    @Override
    protected int run(OcelotClient client, Output out) {
        long id = buildId(client, ref);
        TriggerResponse t = client.rebuild(id);
        if (out.json()) {
            out.printJson(t);
            return OK;
        }
        BuildSummary b = client.build(t.buildId()).build();
        out.line("build #" + t.buildId() + " queued for " + b.repository() + " @ " + t.commit()
                + (t.branch() == null ? "" : " (" + t.branch() + ")") + ", a rebuild of #" + id);
        out.line(client.server() + UserApi.buildPage(b.projectKey(), b.repositorySlug(), t.buildId()));
        return OK;
    }
}
