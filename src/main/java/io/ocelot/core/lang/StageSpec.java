package io.ocelot.core.lang;

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
                        List<String> junitReports) {
    public StageSpec {
        junitReports = junitReports == null ? List.of() : List.copyOf(junitReports);
        script = List.copyOf(script);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        triggers = List.copyOf(triggers);
    }
}
