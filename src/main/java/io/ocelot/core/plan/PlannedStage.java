package io.ocelot.core.plan;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * One stage as the werker runs it: the script lines (joined into one {@code sh -c} script by the executor), the
 * complete environment (file env, then stage env, then built-ins), the working directory, the stage timeout and
 * whether it runs after an earlier failure or a cancel. A stage whose triggers did not match is carried with
 * {@code skipped=true} and the reason, so the build page and the werker report it as SKIPPED, never silently. {@code junitReports}: globs (relative to the workspace) of the JUnit XML files the
 * werker reads after the stage.
 *
 * <p>{@code needs}: null when the file is not a stage graph (no stage of it uses {@code needs}): stages then run in
 * file order in one container, as they always did. In a graph every stage carries its list (empty: starts at once);
 * a stage starts when all it needs passed, in a container of its own. {@code image}: null for the build's image,
 * else the image this stage runs in (ignored by host-shell builds). {@code artifacts}: workspace globs kept with the
 * build after the stage. {@code buildImage}: set for a {@code buildImage} stage, which has no script.
 */
public record PlannedStage(String name,
                           List<String> script,
                           Map<String, String> env,
                           String workdir,
                           long timeoutSeconds,
                           boolean always,
                           boolean skipped,
                           String skipReason,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> junitReports,
                           List<String> needs,
                           String image,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> artifacts,
                           ImageBuild buildImage) {
    public PlannedStage {
        script = script == null ? List.of() : List.copyOf(script);
        env = env == null ? Map.of() : Map.copyOf(env);
        junitReports = junitReports == null ? List.of() : List.copyOf(junitReports);
        needs = needs == null ? null : List.copyOf(needs);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    /** A stage of a file in today's shape: no graph, the build's image, no artifacts, a script. */
    public PlannedStage(String name, List<String> script, Map<String, String> env, String workdir, long timeoutSeconds,
                        boolean always, boolean skipped, String skipReason, List<String> junitReports) {
        this(name, script, env, workdir, timeoutSeconds, always, skipped, skipReason, junitReports, null, null,
                List.of(), null);
    }

    /** True when the stage is part of a stage graph (its file uses {@code needs}): {@link #needs} is then set. */
    public boolean inGraph() {
        return needs != null;
    }

    /** A copy with another environment. */
    public PlannedStage withEnv(Map<String, String> newEnv) {
        return new PlannedStage(name, script, newEnv, workdir, timeoutSeconds, always, skipped, skipReason,
                junitReports, needs, image, artifacts, buildImage);
    }

    /** A stage that names no test reports. */
    public PlannedStage(String name, List<String> script, Map<String, String> env, String workdir, long timeoutSeconds,
                        boolean always, boolean skipped, String skipReason) {
        this(name, script, env, workdir, timeoutSeconds, always, skipped, skipReason, List.of());
    }
}
