package io.ocelot.werker.agent;

import io.ocelot.werker.engine.shell.StageUser;
import io.ocelot.core.plan.ResourceLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The part of the werker's configuration the execution engine needs. {@code onDockerError} is counted in
 * {@code /metrics} ({@code ocelot_werker_docker_errors_total}); the engine calls it when a daemon call fails.
 * {@code stageUser}: who host-shell stages run as (null: the werker's own user). {@code diskFloorBytes}: below this
 * much usable space a failing build counts as ended by a full disk. {@code buildLimits}: the most one build may use;
 * {@code imageLedger} and {@code imageBudgetBytes}: which images this werker pulled and how much of them it keeps.
 * {@code cacheDir} and {@code cacheMaxBytes}: where the builds' caches are kept and how much of them (null: none).
 * {@code parallelStages}: how many stages of one stage graph run at once (0: the engine's default).
 * {@code readyContainer}: keep a build container ready between builds for the next one like the last.
 */
public record RunnerSettings(String werkerName, List<String> labels, Path buildsDir, String dockerHost,
                             Duration grace, Runnable onDockerError, StageUser stageUser, long diskFloorBytes,
                             ResourceLimits buildLimits, Path imageLedger, long imageBudgetBytes,
                             Path cacheDir, long cacheMaxBytes, int parallelStages, boolean readyContainer) {
    public RunnerSettings {
        labels = List.copyOf(labels);
        buildLimits = buildLimits == null ? ResourceLimits.NONE : buildLimits;
    }

    /** No caches kept. */
    public RunnerSettings(String werkerName, List<String> labels, Path buildsDir, String dockerHost,
                          Duration grace, Runnable onDockerError, StageUser stageUser, long diskFloorBytes,
                          ResourceLimits buildLimits, Path imageLedger, long imageBudgetBytes) {
        this(werkerName, labels, buildsDir, dockerHost, grace, onDockerError, stageUser, diskFloorBytes, buildLimits,
                imageLedger, imageBudgetBytes, null, 0, 0, false);
    }

    /** Host-shell stages as the werker's own user; no limits, image ledger or budget. */
    public RunnerSettings(String werkerName, List<String> labels, Path buildsDir, String dockerHost, Duration grace,
                          Runnable onDockerError) {
        this(werkerName, labels, buildsDir, dockerHost, grace, onDockerError, null, 0, null, null, 0, null, 0, 0, false);
    }
}
