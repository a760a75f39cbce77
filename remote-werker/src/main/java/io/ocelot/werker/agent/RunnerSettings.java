package io.ocelot.werker.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The part of the werker's configuration the execution engine needs. {@code onDockerError} is counted in
 * {@code /metrics} ({@code ocelot_werker_docker_errors_total}); the engine calls it when a daemon call fails.
 */
public record RunnerSettings(String werkerName, List<String> labels, Path buildsDir, String dockerHost,
                             Duration grace, Runnable onDockerError) {
    public RunnerSettings {
        labels = List.copyOf(labels);
    }
}
