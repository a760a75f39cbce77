package io.ocelot.werker.engine;

import io.ocelot.core.plan.ResourceLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a werker's engine runs builds. {@code dockerHost} null means the usual default ({@code DOCKER_HOST}, else
 * {@code unix:///var/run/docker.sock}). {@code grace}: time between SIGTERM and SIGKILL on cancel or timeout.
 * {@code dockerCallTimeout}: the deadline of every short Docker call (create, copy, inspect, exec start, remove);
 * {@code pullTimeout}: the deadline of an image pull. {@code afterDeadlineLimit}: how long an {@code always} stage may
 * run once the build's own time limit is over (so a timed-out build still ends). {@code limits}: the most one build
 * may use (the werker's flags; a plan's own {@code limits} can only lower them). {@code selfStopMargin}: how long
 * after everything a build could still legitimately run its container ends by itself, should the werker have died.
 * {@code imageLedger}: the file where the images this werker pulled are recorded (null: not recorded), so image
 * garbage collection touches those and no others. {@code parallelStages}: how many stages of one stage graph run at
 * once (at least 1; 0 or less means {@link #DEFAULT_PARALLEL_STAGES}).
 */
public record EngineConfig(String werkerName,
                           Path workDir,
                           String dockerHost,
                           Duration grace,
                           Duration dockerCallTimeout,
                           Duration pullTimeout,
                           Duration afterDeadlineLimit,
                           ResourceLimits limits,
                           Duration selfStopMargin,
                           Path imageLedger,
                           int parallelStages) {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    public static final int DEFAULT_PARALLEL_STAGES = 4;

    public EngineConfig {
        Objects.requireNonNull(werkerName, "werkerName");
        Objects.requireNonNull(workDir, "workDir");
        grace = grace == null ? DEFAULT_GRACE : grace;
        dockerCallTimeout = dockerCallTimeout == null ? Duration.ofSeconds(60) : dockerCallTimeout;
        pullTimeout = pullTimeout == null ? Duration.ofMinutes(30) : pullTimeout;
        afterDeadlineLimit = afterDeadlineLimit == null ? Duration.ofMinutes(5) : afterDeadlineLimit;
        limits = limits == null ? ResourceLimits.NONE : limits;
        selfStopMargin = selfStopMargin == null ? Duration.ofMinutes(5) : selfStopMargin;
        parallelStages = parallelStages <= 0 ? DEFAULT_PARALLEL_STAGES : parallelStages;
        if (grace.isNegative() || dockerCallTimeout.isZero() || dockerCallTimeout.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0 and dockerCallTimeout > 0");
        }
    }

    public EngineConfig(String werkerName, Path workDir, String dockerHost, Duration grace, Duration dockerCallTimeout,
                        Duration pullTimeout, Duration afterDeadlineLimit) {
        this(werkerName, workDir, dockerHost, grace, dockerCallTimeout, pullTimeout, afterDeadlineLimit, null, null,
                null, 0);
    }

    /** Defaults for everything but the werker name and work directory. */
    public static EngineConfig of(String werkerName, Path workDir) {
        return new EngineConfig(werkerName, workDir, null, null, null, null, null);
    }

    public EngineConfig withGrace(Duration g) {
        return new EngineConfig(werkerName, workDir, dockerHost, g, dockerCallTimeout, pullTimeout, afterDeadlineLimit,
                limits, selfStopMargin, imageLedger, parallelStages);
    }

    public EngineConfig withDockerHost(String host) {
        return new EngineConfig(werkerName, workDir, host, grace, dockerCallTimeout, pullTimeout, afterDeadlineLimit,
                limits, selfStopMargin, imageLedger, parallelStages);
    }

    public EngineConfig withDockerCallTimeout(Duration t) {
        return new EngineConfig(werkerName, workDir, dockerHost, grace, t, pullTimeout, afterDeadlineLimit,
                limits, selfStopMargin, imageLedger, parallelStages);
    }

    public EngineConfig withAfterDeadlineLimit(Duration t) {
        return new EngineConfig(werkerName, workDir, dockerHost, grace, dockerCallTimeout, pullTimeout, t,
                limits, selfStopMargin, imageLedger, parallelStages);
    }

    public EngineConfig withLimits(ResourceLimits l) {
        return new EngineConfig(werkerName, workDir, dockerHost, grace, dockerCallTimeout, pullTimeout,
                afterDeadlineLimit, l, selfStopMargin, imageLedger, parallelStages);
    }

    public EngineConfig withSelfStopMargin(Duration m) {
        return new EngineConfig(werkerName, workDir, dockerHost, grace, dockerCallTimeout, pullTimeout,
                afterDeadlineLimit, limits, m, imageLedger, parallelStages);
    }

    public EngineConfig withImageLedger(Path ledger) {
        return new EngineConfig(werkerName, workDir, dockerHost, grace, dockerCallTimeout, pullTimeout,
                afterDeadlineLimit, limits, selfStopMargin, ledger, parallelStages);
    }

    public EngineConfig withParallelStages(int n) {
        return new EngineConfig(werkerName, workDir, dockerHost, grace, dockerCallTimeout, pullTimeout,
                afterDeadlineLimit, limits, selfStopMargin, imageLedger, n);
    }
}
