package io.ocelot.cli;

import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.cli.client.UserCommand;
import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.LogPage;
import io.ocelot.core.api.StageView;
import io.ocelot.core.api.UserApi;
import io.ocelot.core.build.StageMarker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code ocelot logs BUILD|HASH [--stage NAME] [--attempt N] [--follow]}: prints a build's log. */
@Command(name = "logs", description = {"Print a build's log. BUILD is a build number; HASH a commit (its newest build).",
        "Without an argument: the newest build of the checkout's HEAD.",
        "Each stage's part starts with a line '" + StageMarker.PREFIX + "n/m \"NAME\" started' and ends with one "
        + "that says its result, time and exit code; --stage NAME prints only that part.",
        "A build queued again after its werker was lost ran more than once: --attempt N prints attempt N "
        + "(default: the latest).",
        "With --follow, waits for more until the build ends and exits as 'status' does; on a terminal a progress "
        + "line (stage n of m, elapsed) is redrawn under the log."})
public final class LogsCommand extends UserCommand {
    @Parameters(arity = "0..1", paramLabel = "BUILD|HASH")
    String ref;

    @Option(names = {"-f", "--follow"}, description = "Keep printing while the build runs.")
    boolean follow;

    @Option(names = {"-s", "--stage"}, paramLabel = "NAME", description = "Only this stage's part of the log.")
    String stage;

    @Option(names = {"-a", "--attempt"}, paramLabel = "N", description = "The log of attempt N (1 = the first run).")
    Integer attempt;

    @Option(names = "--poll-millis", defaultValue = "1000", hidden = true)
    long pollMillis;

    @Override
    protected int run(OcelotClient client, Output out) throws InterruptedException {
        if (attempt != null && attempt < 1) {
            throw new UsageException("--attempt counts from 1, not " + attempt);
        }
        long id = buildId(client, ref);
        BuildDetail detail = client.build(id);
        if (attempt != null && attempt > detail.attempt()) {
            throw new UsageException("build #" + id + " has " + (detail.attempt() == 0 ? "not run yet"
                    : detail.attempt() == 1 ? "run once (attempt 1)" : "attempts 1 to " + detail.attempt()));
        }
        Integer stageIndex = stage == null ? null : stageIndex(detail.stages(), id);
        int which = attempt == null ? 0 : attempt;
        boolean earlier = attempt != null && attempt < detail.attempt();
        long offset = 0;
        // following, each read waits at the plugin for the next bytes (up to one poll interval), so a line shows as
        // soon as the plugin has it; a plugin that answers at once (busy, or older) is asked again at the interval
        int waitSeconds = follow && !earlier ? (int) Math.min(UserApi.MAX_LOG_WAIT_SECONDS, pollMillis / 1000) : 0;
        while (true) {
            long asked = System.nanoTime();
            LogPage page = client.log(id, which, offset, waitSeconds);
            List<LogPage.Chunk> chunks = stageIndex == null ? page.chunks()
                    : page.chunks().stream().filter(c -> c.stage() == stageIndex).toList();
            if (out.json()) {
                if (!chunks.isEmpty()) { // one JSON object per page: streamable
                    out.line(io.ocelot.core.Json.write(new LogPage(page.buildId(), page.offset(), page.nextOffset(),
                            page.length(), page.complete(), chunks)));
                }
            } else {
                chunks.forEach(c -> out.raw(c.text()));
            }
            boolean moved = page.nextOffset() > offset;
            offset = page.nextOffset();
            if (page.complete() || (!follow && !moved) || (earlier && !moved)) {
                break;
            }
            if (!moved) {
                if (out.terminal() && !out.json()) {
                    BuildReport.Progress.show(out, client.build(id));
                }
                long waited = (System.nanoTime() - asked) / 1_000_000L;
                if (waited < pollMillis) {
                    Thread.sleep(pollMillis - waited);
                }
            }
        }
        out.endProgress();
        return follow ? exitFor(client.build(id).build().state()) : OK;
    }

    private int stageIndex(List<StageView> stages, long id) {
        return stages.stream().filter(s -> s.name().equals(stage)).findFirst().map(StageView::index)
                .orElseThrow(() -> new UsageException("build #" + id + " has no stage '" + stage + "'"
                        + (stages.isEmpty() ? "" : "; its stages: " + String.join(", ",
                        stages.stream().map(StageView::name).toList()))));
    }
}
