package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.BuildSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code ocelot summary [REPO] [--limit N] [--group G]}: recent builds of a repository, or of a build group. */
@Command(name = "summary", description = {"Recent builds of a repository (default: the checkout's origin).",
        "With --group and no REPO: the builds of every repository of that build group you can see."})
public final class SummaryCommand extends UserCommand {
    @Parameters(arity = "0..1", paramLabel = "REPO")
    String repo;

    @Option(names = "--limit", defaultValue = "20", description = "How many builds (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--group", paramLabel = "G", description = "Only builds of this build group.")
    String group;

    @Override
    protected int run(OcelotClient client, Output out) {
        int max = limit(limit);
        List<BuildSummary> builds;
        if (repo == null && group != null) {
            builds = client.groupBuilds(group, max);
        } else {
            String[] r = repository(repo);
            builds = client.builds(r[0], r[1], group, max);
        }
        if (out.json()) {
            out.printJson(builds);
        } else if (builds.isEmpty()) {
            out.line("no builds");
        } else {
            out.table(BUILD_HEADER, rows(builds, out, System.currentTimeMillis()));
        }
        return OK;
    }
}
