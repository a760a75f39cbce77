package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.ManualTriggerRequest;
import io.ocelot.core.api.TriggerResponse;
import io.ocelot.core.api.UserApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code ocelot trigger [REPO] [HASH | --branch B] [--pipeline NAME] [--force]}: builds a commit or a branch head now
 * (REPO_WRITE), every pipeline at it that builds, or the one named.
 */
@Command(name = "trigger", description = {"Build a commit (default: the checkout's HEAD) or a branch head now.",
        "Every pipeline at the commit that builds (ocelot.yml and .ocelot/*.yml), or only --pipeline NAME.",
        "REPO defaults to the checkout's origin. --force builds even if the file's branch filter, paths or [skip ci] says not to.",
        "Exit: 0 queued, 1 nothing built (the reason is printed)."})
public final class TriggerCommand extends UserCommand {
    @Parameters(arity = "0..2", paramLabel = "REPO HASH")
    List<String> args = List.of();

    @Option(names = "--branch", paramLabel = "B", description = "Build the head of this branch.")
    String branch;

    @Option(names = "--pipeline", paramLabel = "NAME",
            description = "Build only this pipeline: 'default' (ocelot.yml) or NAME (.ocelot/NAME.yml).")
    String pipeline;

    @Option(names = "--force", description = "Bypass branch filters, paths and [skip ci].")
    boolean force;

    @Override
    protected int run(OcelotClient client, Output out) {
        String repo = null;
        String hash = null;
        for (String a : args) {
            if (a.contains("/") && repo == null) {
                repo = a;
            } else if (hash == null && a.matches("[0-9a-fA-F]{4,40}")) {
                hash = a;
            } else {
                throw new UsageException("'" + a + "': expected PROJECT/repo and/or a commit hash");
            }
        }
        if (hash != null && branch != null) {
            throw new UsageException("give a commit or --branch, not both");
        }
        String[] r = repository(repo);
        if (hash == null && branch == null) {
            hash = head();
        }
        TriggerResponse t = client.trigger(r[0], r[1], new ManualTriggerRequest(hash, branch, force,
                ManualTriggerRequest.VIA_CLI, pipeline));
        if (out.json()) {
            out.printJson(t);
        } else if (t.pipelines().size() > 1) {
            for (TriggerResponse.PipelineBuild p : t.pipelines()) {
                if (p.buildId() != null) {
                    out.line(p.pipeline() + ": build #" + p.buildId() + " queued for " + r[0] + "/" + r[1] + " @ "
                            + t.commit() + (t.branch() == null ? "" : " (" + t.branch() + ")"));
                    out.line("  " + client.server() + UserApi.buildPage(r[0], r[1], p.buildId()));
                } else {
                    out.line(p.pipeline() + ": not built: " + p.reason());
                }
            }
        } else if (t.buildId() != null) {
            out.line("build #" + t.buildId() + " queued for " + r[0] + "/" + r[1] + " @ " + t.commit()
                    + (t.branch() == null ? "" : " (" + t.branch() + ")"));
            out.line(client.server() + UserApi.buildPage(r[0], r[1], t.buildId()));
        } else {
            out.line("not built: " + t.reason() + " (use --force to build anyway)");
        }
        return t.buildId() != null ? OK : FAILED;
    }
}
