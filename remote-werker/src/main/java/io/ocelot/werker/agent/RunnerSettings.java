package io.ocelot.werker.agent;

import io.ocelot.werker.engine.shell.StageUser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The part of the werker's configuration the execution engine needs. {@code onDockerError} is counted in
 * {@code /metrics} ({@code ocelot_werker_docker_errors_total}); the engine calls it when a daemon call fails.
 * {@code stageUser}: who host-shell stages run as (null: the werker's own user). {@code diskFloorBytes}: below this
 * much usable space a failing build counts as ended by a full disk.
 */
public record RunnerSettings(String werkerName, List<String> labels, Path buildsDir, String dockerHost,
                             Duration grace, Runnable onDockerError, StageUser stageUser, long diskFloorBytes) {
    public RunnerSettings {
        labels = List.copyOf(labels);
    }

    /** Host-shell stages as the werker's own user. */
    public RunnerSettings(String werkerName, List<String> labels, Path buildsDir, String dockerHost, Duration grace,
                          Runnable onDockerError) {
        this(werkerName, labels, buildsDir, dockerHost, grace, onDockerError, null, 0);
    }
}
