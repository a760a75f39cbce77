package io.ocelot.core.lang;

import io.ocelot.core.plan.ImageBuild;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One validated stage of an ocelot.yml. {@code workdir} and {@code timeout} are null when not set (the planner
 * applies the build's); {@code branches} is the legacy {@code trigger.branches} filter (null when absent);
 * {@code triggers} are the directives, any of which must match for the stage to run (empty = always runs);
 * {@code junitReports}: the {@code reports.junit} globs, relative to the workspace (empty when none).
 * {@code needs}: the stages this one waits for, null when the stage has no {@code needs} key; {@code image}: the
 * stage's own image (null: the build's); {@code artifacts}: workspace globs kept after the stage (empty when none);
 * {@code buildImage}: set for a stage that builds an image instead of running a script (its script is empty).
 */
public record StageSpec(String name,
                        List<String> script,
                        Map<String, String> env,
                        String workdir,
                        Duration timeout,
                        boolean always,
                        BranchFilter branches,
                        List<Trigger> triggers,
                        int line,
                        List<String> junitReports,
                        List<String> needs,
                        String image,
                        List<String> artifacts,
                        ImageBuild buildImage) {
    public StageSpec {
        needs = needs == null ? null : List.copyOf(needs);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        junitReports = junitReports == null ? List.of() : List.copyOf(junitReports);
        script = List.copyOf(script);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        triggers = List.copyOf(triggers);
    }

    /** A stage of the language before graphs, stage images, artifacts and image builds. */
    public StageSpec(String name, List<String> script, Map<String, String> env, String workdir, Duration timeout,
                     boolean always, BranchFilter branches, List<Trigger> triggers, int line, List<String> junitReports) {
        this(name, script, env, workdir, timeout, always, branches, triggers, line, junitReports, null, null, null, null);
    }
}
