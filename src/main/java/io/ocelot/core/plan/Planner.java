package io.ocelot.core.plan;

import io.ocelot.core.lang.BuiltinEnv;
import io.ocelot.core.lang.PipelineFile;
import io.ocelot.core.lang.StageSpec;
import io.ocelot.core.lang.Trigger;
import io.ocelot.core.lang.TriggerFacts;
import io.ocelot.core.lang.WorkdirPaths;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Decides whether an event builds and produces the plan the werker runs. The same code serves the plugin (on
 * push and pull-request events), {@code ocelot plan} and {@code ocelot exec}, so what a user previews is what
 * Bitbucket does. Order: the file's branch filter, then {@code [skip ci]} (both bypassed by {@code force}), then
 * per-stage triggers, which skip stages (with the reason) but never the build.
 */
public final class Planner {
    private static final int SHORT_HASH = 7;

    public Planner() {
    }

    public Decision plan(PipelineFile file, BuildEvent event) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(event, "event");
        if (!event.force()) {
            if (!file.branches().matches(event.branch())) {
                return Decision.noBuild("branch '" + event.branch() + "' does not match branches "
                        + file.branches().describe());
            }
            String skipping = SkipCi.find(event.commitMessages());
            if (skipping != null) {
                return Decision.noBuild(skipping);
            }
        }
        String workdir = file.workdir() == null ? BuildPlan.CONTAINER_WORKSPACE : file.workdir();
        TriggerFacts facts = new TriggerFacts(event.branch(), event.commitMessages(), event.changedPaths());
        Map<String, String> builtins = builtins(event, workdir);
        List<PlannedStage> stages = new ArrayList<>();
        for (StageSpec s : file.stages()) {
            Map<String, String> env = new LinkedHashMap<>(file.env());
            env.putAll(s.env());
            env.putAll(builtins);
            Duration timeout = s.timeout() == null ? file.timeout() : s.timeout();
            String stageDir = s.workdir() == null ? workdir : WorkdirPaths.resolve(workdir, s.workdir());
            String skip = skipReason(s, facts);
            stages.add(new PlannedStage(s.name(), s.script(), env, stageDir, timeout.getSeconds(), s.always(),
                    skip != null, skip));
        }
        return Decision.build(new BuildPlan(BuildPlan.VERSION, BuildPlan.DEFAULT_PIPELINE, file.image(),
                file.machineTag(), file.timeout().getSeconds(), workdir, stages, file.notifications(),
                file.limits()));
    }

    private static Map<String, String> builtins(BuildEvent event, String workdir) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(BuiltinEnv.GIT_HASH, event.commit());
        m.put(BuiltinEnv.GIT_HASH_SHORT, event.commit().substring(0, Math.min(SHORT_HASH, event.commit().length())));
        m.put(BuiltinEnv.GIT_BRANCH, event.branch());
        m.put(BuiltinEnv.BUILD_ID, Long.toString(event.buildId()));
        m.put(BuiltinEnv.WORKSPACE, workdir);
        m.put(BuiltinEnv.OCELOT, "true");
        return m;
    }

    /** Null when the stage runs; otherwise which of its conditions did not hold, in words. */
    private static String skipReason(StageSpec s, TriggerFacts facts) {
        if (s.branches() != null && !s.branches().matches(facts.branch())) {
            return "branch '" + facts.branch() + "' does not match trigger.branches " + s.branches().describe();
        }
        if (!s.triggers().isEmpty() && s.triggers().stream().noneMatch(t -> t.matches(facts))) {
            return "no trigger matched: " + s.triggers().stream().map(Trigger::source)
                    .collect(Collectors.joining("; ")) + describeFacts(facts);
        }
        return null;
    }

    private static String describeFacts(TriggerFacts facts) {
        return " (branch '" + facts.branch() + "', " + facts.commitMessages().size() + " commit message"
                + (facts.commitMessages().size() == 1 ? "" : "s") + ", " + facts.changedPaths().size()
                + " changed path" + (facts.changedPaths().size() == 1 ? "" : "s") + ")";
    }
}
