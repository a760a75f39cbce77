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
 */
public record PlannedStage(String name,
                           List<String> script,
                           Map<String, String> env,
                           String workdir,
                           long timeoutSeconds,
                           boolean always,
                           boolean skipped,
                           String skipReason,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> junitReports) {
    public PlannedStage {
        script = script == null ? List.of() : List.copyOf(script);
        env = env == null ? Map.of() : Map.copyOf(env);
        junitReports = junitReports == null ? List.of() : List.copyOf(junitReports);
    }

    /** A stage that names no test reports. */
    public PlannedStage(String name, List<String> script, Map<String, String> env, String workdir, long timeoutSeconds,
                        boolean always, boolean skipped, String skipReason) {
        this(name, script, env, workdir, timeoutSeconds, always, skipped, skipReason, List.of());
    }
}
