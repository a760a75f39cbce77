package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.LogPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocelot logs BUILD|HASH [--follow]}: prints a build's log; with --follow, until the build ends. */
@Command(name = "logs", description = {"Print a build's log. BUILD is a build number; HASH a commit (its newest build).",
        "Without an argument: the newest build of the checkout's HEAD.",
        "With --follow, waits for more until the build ends and exits as 'status' does."})
public final class LogsCommand extends UserCommand {
    @Parameters(arity = "0..1", paramLabel = "BUILD|HASH")
    String ref;

    @Option(names = {"-f", "--follow"}, description = "Keep printing while the build runs.")
    boolean follow;

    @Option(names = "--poll-millis", defaultValue = "1000", hidden = true)
    long pollMillis;

    @Override
    protected int run(OcelotClient client, Output out) throws InterruptedException {
        long id = buildId(client, ref);
        long offset = 0;
        while (true) {
            LogPage page = client.log(id, offset);
            if (out.json()) {
                if (!page.chunks().isEmpty()) {
                    out.line(io.ocelot.core.Json.write(page)); // one JSON object per page: streamable
                }
            } else {
                page.chunks().forEach(c -> out.raw(c.text()));
            }
            boolean moved = page.nextOffset() > offset;
            offset = page.nextOffset();
            if (page.complete() || (!follow && !moved)) {
                break;
            }
            if (!moved) {
                Thread.sleep(pollMillis);
            }
        }
        return follow ? exitFor(client.build(id).build().state()) : OK;
    }
}
