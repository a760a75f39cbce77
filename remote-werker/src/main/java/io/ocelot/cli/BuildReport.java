package io.ocelot.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ocelot.cli.client.OcelotClient;
import io.ocelot.cli.client.Output;
import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.LogPage;
import io.ocelot.core.api.StageView;
import io.ocelot.core.api.TestCounts;
import io.ocelot.core.build.TestFailure;
import io.ocelot.core.build.StageMarker;
import io.ocelot.core.build.StageStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One build as {@code ocelot show} prints it (and {@code --json} writes it): the build, its end message, the attempt,
 * the stages, the test counts (null without test reports) and the failing tests, and, for each failed stage, the last
 * {@value #TAIL_LINES} lines of its log. Also prints the stage table that {@code ocelot status} shows for a failed
 * or running build.
 */
record BuildReport(BuildSummary build, String message, int attempt, List<StageView> stages,
                   @JsonInclude(JsonInclude.Include.ALWAYS) TestCounts tests, // "tests": null says there are none
                   List<TestFailure> failedTests, List<StageTail> failedStageLogs) {
    static final int TAIL_LINES = 20;

    /** The end of a failed stage's log, without the stage marker lines. */
    record StageTail(String stage, List<String> lastLines) {
    }

    static BuildReport of(OcelotClient client, BuildDetail d) {
        List<StageView> failed = d.stages().stream().filter(s -> s.status() == StageStatus.FAILED).toList();
        List<StageTail> tails = new ArrayList<>();
        if (!failed.isEmpty()) {
            Map<Integer, StringBuilder> text = stageTexts(client, d.build().id());
            for (StageView s : failed) {
                StringBuilder t = text.get(s.index());
                tails.add(new StageTail(s.name(), lastLines(t == null ? "" : StageMarker.strip(t.toString()))));
            }
        }
        return new BuildReport(d.build(), d.message(), d.attempt(), d.stages(), d.tests(), d.failures(), tails);
    }

    /** The current attempt's log, per stage index, escape sequences removed. */
    private static Map<Integer, StringBuilder> stageTexts(OcelotClient client, long id) {
        Map<Integer, StringBuilder> byStage = new HashMap<>();
        long offset = 0;
        while (true) {
            LogPage page = client.log(id, offset);
            page.chunks().forEach(c -> byStage.computeIfAbsent(c.stage(), k -> new StringBuilder())
                    .append(Output.stripAnsi(c.text())));
            if (page.nextOffset() <= offset || page.nextOffset() >= page.length()) {
                return byStage;
            }
            offset = page.nextOffset();
        }
    }

    static List<String> lastLines(String text) {
        List<String> lines = Arrays.asList(text.split("\n", -1));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        return List.copyOf(lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    void print(Output out, long now) {
        BuildSummary b = build;
        out.line(out.bold("build #" + b.id()) + "  " + out.state(b.state()) + "  " + b.repository()
                + (attempt > 1 ? "  (attempt " + attempt + ")" : ""));
        List<List<String>> rows = new ArrayList<>();
        if (b.namedPipeline()) {
            rows.add(List.of("pipeline", b.pipeline() + " (.ocelot/" + b.pipeline() + ".yml)"));
        }
        rows.add(List.of("branch", b.branch() != null ? b.branch()
                : b.pullRequestId() != null ? "pull request #" + b.pullRequestId() : "-"));
        rows.add(List.of("commit", b.commit().substring(0, Math.min(12, b.commit().length()))
                + (b.commitMessage() == null ? "" : "  " + firstLine(b.commitMessage()))));
        rows.add(List.of("trigger", b.trigger().toLowerCase() + (b.triggeredBy() == null ? "" : " by " + b.triggeredBy())));
        rows.add(List.of("werker", b.werker() == null ? "-" : b.werker()));
        rows.add(List.of("queued for", Output.duration(b.queueWaitMillis(now))));
        rows.add(List.of("duration", Output.duration(b.durationMillis(now))));
        rows.add(List.of("result", b.state().isFinished()
                ? b.state() + (message == null ? "" : ": " + message) : b.state() + " " + progress(now)));
        if (tests != null) {
            rows.add(List.of("tests", tests.passed() + " passed, " + tests.failed() + " failed, " + tests.skipped()
                    + " skipped"));
        }
        for (List<String> r : rows) {
            out.line("  " + String.format("%-11s", r.get(0)) + r.get(1));
        }
        if (!stages.isEmpty()) {
            out.line("");
            stageTable(out, stages, now);
        }
        for (TestFailure f : failedTests) {
            out.line("  failed: " + f.suite() + " > " + f.test() + (f.file() == null ? ""
                    : " (" + f.file() + (f.line() == null ? "" : ":" + f.line()) + ")")
                    + (f.message() == null ? "" : ": " + f.message()));
        }
        for (StageTail t : failedStageLogs) {
            out.line("");
            out.line(out.bold("last " + t.lastLines().size() + " lines of stage \"" + t.stage() + "\":"));
            t.lastLines().forEach(l -> out.line("  " + l));
        }
    }

    String progress(long now) {
        return Progress.of(build, stages, now).text();
    }

    /** Where a running build is ("stage 2 of 3 (test)", "queued") and for how long ("1m05s elapsed"). */
    record Progress(String where, String time) {
        String text() {
            return where + ", " + time;
        }

        static Progress of(BuildSummary b, List<StageView> stages, long now) {
            if (b.state() == ApiBuildState.QUEUED) {
                return new Progress("queued", Output.duration(b.queueWaitMillis(now)) + " in the queue");
            }
            String elapsed = Output.duration(b.durationMillis(now)) + " elapsed";
            List<StageView> all = stages.stream().filter(s -> s.status() == StageStatus.RUNNING).toList();
            if (all.size() > 1) { // a stage graph runs independent stages at the same time
                return new Progress("stages " + String.join(", ", all.stream().map(s -> String.valueOf(s.index() + 1)).toList())
                        + " of " + stages.size() + " (" + String.join(", ", all.stream().map(StageView::name).toList())
                        + ")", elapsed);
            }
            StageView running = all.stream().findFirst()
                    .orElseGet(() -> stages.stream().filter(s -> !s.status().isFinal()).findFirst().orElse(null));
            return new Progress(running == null ? "starting"
                    : "stage " + (running.index() + 1) + " of " + stages.size() + " (" + running.name() + ")", elapsed);
        }

        /** Shows it: redrawn in place on a terminal, else a plain line each time {@link #where} changes. */
        static void show(Output out, BuildDetail d) {
            Progress p = of(d.build(), d.stages(), System.currentTimeMillis());
            String head = "build #" + d.build().id() + " ";
            out.progress(head + out.state(d.build().state()) + ": " + p.text(), head + d.build().state() + ": " + p.where());
        }
    }

    /** The stages; a stage graph's table also says what each stage needs (a column only graphs have). */
    static void stageTable(Output out, List<StageView> stages, long now) {
        boolean graph = stages.stream().anyMatch(s -> s.needs() != null);
        List<String> head = new java.util.ArrayList<>(List.of("STAGE", "RESULT", "EXIT", "DURATION", "MESSAGE"));
        if (graph) {
            head.add(1, "NEEDS");
        }
        out.table(head, stages.stream().map(s -> {
            List<String> row = new java.util.ArrayList<>(List.of(s.name(), stageState(out, s.status()),
                    s.exitCode() == null ? "-" : s.exitCode().toString(), Output.duration(s.durationMillis()),
                    s.message() == null ? "" : s.message()));
            if (graph) {
                row.add(1, s.needs() == null || s.needs().isEmpty() ? "-" : String.join(", ", s.needs()));
            }
            return (List<String>) row;
        }).toList());
    }

    private static String stageState(Output out, StageStatus s) {
        if (!out.color()) {
            return s.name();
        }
        String code = switch (s) {
            case PASSED -> "32";
            case FAILED -> "31";
            case RUNNING -> "34";
            case CANCELLED, SKIPPED -> "90";
            case PENDING -> "33";
        };
        return "\u001b[" + code + "m" + s.name() + "\u001b[0m";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
