package io.ocelot.core.plan;

import io.ocelot.core.lang.Abbreviate;
import io.ocelot.core.lang.BuiltinEnv;
import io.ocelot.core.lang.MatchBudget;
import io.ocelot.core.lang.MatchGaveUp;
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
 * Bitbucket does. Order: the file's branch filter (for a pull request: on its target branch; for a tag: its
 * {@code tags} filter instead), then {@code [skip ci]} (both bypassed by {@code force}), then
 * per-stage triggers, which skip stages (with the reason) but never the build.
 *
 * <p>All matching of one planning (file branches, stage branches, trigger directives) draws from one
 * {@link MatchBudget}; a pattern that cannot be decided within it fails the planning with a message naming the
 * pattern and its place, and so does a plan larger than {@link PipelineFile#MAX_PLAN_CHARS}.
 */
public final class Planner {
    private static final int SHORT_HASH = 7;

    public Planner() {
    }

    /** Plans {@code file} as the repository's {@link BuildPlan#DEFAULT_PIPELINE} ({@code ocelot.yml}). */
    public Decision plan(PipelineFile file, BuildEvent event) {
        return plan(BuildPlan.DEFAULT_PIPELINE, file, event);
    }

    /** Plans {@code file} as the pipeline named {@code pipeline} (a {@code .ocelot/NAME.yml}, or the default). */
    public Decision plan(String pipeline, PipelineFile file, BuildEvent event) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(event, "event");
        try {
            return planWithin(pipeline, file, event, MatchBudget.perEvent());
        } catch (MatchGaveUp e) {
            return Decision.failed(e.getMessage());
        }
    }

    private Decision planWithin(String pipeline, PipelineFile file, BuildEvent event, MatchBudget budget) {
        if (!event.force()) {
            String filtered = filterReason(file, event, budget);
            if (filtered != null) {
                return Decision.noBuild(filtered);
            }
            String skipping = SkipCi.find(event.commitMessages());
            if (skipping != null) {
                return Decision.noBuild(skipping);
            }
        }
        String workdir = file.workdir() == null ? BuildPlan.CONTAINER_WORKSPACE : file.workdir();
        // a pull request's branch conditions, the stages' included, are about where it merges (as in Drone)
        TriggerFacts facts = new TriggerFacts(event.filterBranch(), event.commitMessages(), event.changedPaths());
        Map<String, String> builtins = builtins(event, workdir);
        // a file is a stage graph when any stage has needs: then every stage carries a list (empty: starts at once)
        boolean graph = file.stages().stream().anyMatch(s -> s.needs() != null);
        List<PlannedStage> stages = new ArrayList<>();
        for (StageSpec s : file.stages()) {
            Map<String, String> env = new LinkedHashMap<>(file.env());
            env.putAll(s.env());
            env.putAll(builtins);
            Duration timeout = s.timeout() == null ? file.timeout() : s.timeout();
            String stageDir = s.workdir() == null ? workdir : WorkdirPaths.resolve(workdir, s.workdir());
            String skip = skipReason(s, facts, budget);
            List<String> needs = !graph ? null : s.needs() == null ? List.of() : s.needs();
            stages.add(new PlannedStage(s.name(), s.script(), env, stageDir, timeout.getSeconds(), s.always(),
                    skip != null, skip, s.junitReports(), needs, s.image(), s.artifacts(), s.buildImage()));
        }
        long chars = stages.stream().mapToLong(Planner::chars).sum();
        if (chars > PipelineFile.MAX_PLAN_CHARS) {
            return Decision.failed("the build plan for branch '" + Abbreviate.text(event.branch()) + "' would hold "
                    + chars + " characters, more than " + PipelineFile.MAX_PLAN_CHARS + ": the branch name ("
                    + event.branch().length() + " characters) is copied into GIT_BRANCH of each of the "
                    + stages.size() + " stages, next to each stage's script and env");
        }
        return Decision.build(new BuildPlan(BuildPlan.VERSION, pipeline, file.image(),
                file.machineTag(), file.timeout().getSeconds(), workdir, stages, file.notifications(),
                file.limits(), merge(event), file.services(), file.caches()));
    }

    /**
     * Null when the event passes the file's filter; otherwise why not. A tag is matched against {@code tags} (and
     * not against {@code branches}: a tag is on no branch); a pull request's target branch, not its source,
     * against {@code branches}, so that {@code branches: [main]} builds every pull request into main.
     */
    private static String filterReason(PipelineFile file, BuildEvent event, MatchBudget budget) {
        if (event.tag() != null) {
            return file.tags().matches(event.tag(), budget) ? pathsReason(file, event)
                    : "tag '" + Abbreviate.text(event.tag()) + "' does not match tags " + file.tags().describe();
        }
        if (file.branches().matches(event.filterBranch(), budget)) {
            return pathsReason(file, event);
        }
        PullRequestScope pr = event.pullRequest();
        if (pr != null) {
            return "pull request #" + pr.id() + " targets branch '" + Abbreviate.text(pr.targetBranch())
                    + "', which does not match branches " + file.branches().describe();
        }
        return "branch '" + Abbreviate.text(event.branch()) + "' does not match branches " + file.branches().describe();
    }

    /**
     * Null when the file has no {@code paths}, when the event's changed paths are not known (a new branch), or when
     * one of them starts with one of the prefixes; otherwise why the pipeline does not build.
     */
    private static String pathsReason(PipelineFile file, BuildEvent event) {
        if (file.paths().isEmpty() || event.changedPaths().isEmpty()) {
            return null;
        }
        for (String changed : event.changedPaths()) {
            for (String prefix : file.paths()) {
                if (changed.startsWith(prefix)) {
                    return null;
                }
            }
        }
        return "no changed path starts with paths " + Abbreviate.list(file.paths()) + " (" + event.changedPaths().size()
                + " changed path" + (event.changedPaths().size() == 1 ? "" : "s") + ")";
    }

    /** A pull-request build merges its commit into the target tip the event saw (none when that is not known). */
    private static MergeTarget merge(BuildEvent event) {
        PullRequestScope pr = event.pullRequest();
        return pr == null || pr.targetCommit() == null ? null : new MergeTarget(pr.targetBranch(), pr.targetCommit());
    }

    /** The characters of text one planned stage holds: what {@link PipelineFile#MAX_PLAN_CHARS} counts. */
    private static long chars(PlannedStage s) {
        long n = s.name().length() + s.workdir().length() + (s.skipReason() == null ? 0 : s.skipReason().length());
        for (String line : s.script()) {
            n += line.length();
        }
        for (String need : s.needs() == null ? List.<String>of() : s.needs()) {
            n += need.length();
        }
        for (Map.Entry<String, String> e : s.env().entrySet()) {
            n += e.getKey().length() + e.getValue().length();
        }
        return n;
    }

    private static Map<String, String> builtins(BuildEvent event, String workdir) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(BuiltinEnv.GIT_HASH, event.commit());
        m.put(BuiltinEnv.GIT_HASH_SHORT, event.commit().substring(0, Math.min(SHORT_HASH, event.commit().length())));
        m.put(BuiltinEnv.GIT_BRANCH, event.branch());
        if (event.buildId() != BuildEvent.NOT_STORED) {
            m.put(BuiltinEnv.BUILD_ID, Long.toString(event.buildId()));
        }
        m.put(BuiltinEnv.WORKSPACE, workdir);
        m.put(BuiltinEnv.OCELOT, "true");
        PullRequestScope pr = event.pullRequest();
        if (pr != null) {
            m.put(BuiltinEnv.PR_ID, Long.toString(pr.id()));
            m.put(BuiltinEnv.PR_SOURCE_BRANCH, pr.sourceBranch());
            m.put(BuiltinEnv.PR_TARGET_BRANCH, pr.targetBranch());
        }
        if (event.tag() != null) {
            m.put(BuiltinEnv.GIT_TAG, event.tag());
        }
        return m;
    }

    /** Null when the stage runs; otherwise which of its conditions did not hold, in words. */
    private static String skipReason(StageSpec s, TriggerFacts facts, MatchBudget budget) {
        if (s.branches() != null && !s.branches().matches(facts.branch(), budget)) {
            return "branch '" + Abbreviate.text(facts.branch()) + "' does not match trigger.branches "
                    + s.branches().describe();
        }
        if (!s.triggers().isEmpty() && s.triggers().stream().noneMatch(t -> t.matches(facts, budget))) {
            List<String> sources = s.triggers().stream().map(Trigger::source).map(Abbreviate::text).toList();
            String shown = sources.stream().limit(Abbreviate.ITEMS).collect(Collectors.joining("; "));
            return "no trigger matched: " + shown + (sources.size() > Abbreviate.ITEMS
                    ? "; ... " + (sources.size() - Abbreviate.ITEMS) + " more" : "") + describeFacts(facts);
        }
        return null;
    }

    private static String describeFacts(TriggerFacts facts) {
        return " (branch '" + Abbreviate.text(facts.branch()) + "', " + facts.commitMessages().size() + " commit message"
                + (facts.commitMessages().size() == 1 ? "" : "s") + ", " + facts.changedPaths().size()
                + " changed path" + (facts.changedPaths().size() == 1 ? "" : "s") + ")";
    }
}
