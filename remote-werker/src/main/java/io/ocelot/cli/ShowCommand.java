package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.BuildDetail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocelot show BUILD|HASH [--watch]}: one build in full; exits with its state as {@code status} does. */
@Command(name = "show", description = {"Show one build: repository, branch or pull request, commit, trigger, werker, "
        + "queue time, duration, result; its stages (result, exit code, duration, message); test counts when the "
        + "build has test reports; the last " + BuildReport.TAIL_LINES + " log lines of each failed stage.",
        "BUILD is a build number; HASH a commit (its newest build); default: the newest build of the checkout's HEAD.",
        "--watch: while the build runs, show its progress (stage n of m, elapsed; redrawn on a terminal, a line per "
        + "stage otherwise), then the build.",
        "Exit: 0 passed, 1 failed/errored/cancelled, 4 queued or running, 5 refused, 3 server trouble."})
public final class ShowCommand extends UserCommand {
    @Parameters(arity = "0..1", paramLabel = "BUILD|HASH")
    String ref;

    @Option(names = {"-w", "--watch"}, description = "Wait for the build to end, showing its progress.")
    boolean watch;

    @Option(names = "--poll-millis", defaultValue = "1000", hidden = true)
    long pollMillis;

    @Override
    protected int run(OcelotClient client, Output out) throws InterruptedException {
        long id = buildId(client, ref);
        BuildDetail d = client.build(id);
        while (watch && !d.build().state().isFinished()) {
            if (!out.json()) {
                BuildReport.Progress.show(out, d);
            }
            Thread.sleep(pollMillis);
            d = client.build(id);
        }
        out.endProgress();
        BuildReport report = BuildReport.of(client, d);
        if (out.json()) {
            out.printJson(report);
        } else {
            report.print(out, System.currentTimeMillis());
        }
        return exitFor(d.build().state());
    }
}
