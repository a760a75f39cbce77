package io.ocelot.werker.agent;

import io.ocelot.core.plan.ResourceLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The part of the werker's configuration the execution engine needs. {@code onDockerError} is counted in
 * {@code /metrics} ({@code ocelot_werker_docker_errors_total}); the engine calls it when a daemon call fails.
 * {@code buildLimits}: the most one build may use; {@code imageLedger} and {@code imageBudgetBytes}: which images
 * this werker pulled and how much of them it keeps.
 */
public record RunnerSettings(String werkerName, List<String> labels, Path buildsDir, String dockerHost,
                             Duration grace, Runnable onDockerError, ResourceLimits buildLimits, Path imageLedger,
                             long imageBudgetBytes) {
    public RunnerSettings {
        labels = List.copyOf(labels);
        buildLimits = buildLimits == null ? ResourceLimits.NONE : buildLimits;
    }

    /** Settings without limits, image ledger or budget. */
    public RunnerSettings(String werkerName, List<String> labels, Path buildsDir, String dockerHost, Duration grace,
                          Runnable onDockerError) {
        this(werkerName, labels, buildsDir, dockerHost, grace, onDockerError, null, null, 0);
    }
}
