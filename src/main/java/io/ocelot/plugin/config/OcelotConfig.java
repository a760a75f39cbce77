package io.ocelot.plugin.config;

import io.ocelot.core.protocol.Protocol;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Duration;

/**
 * The plugin's timings and limits. Bitbucket gets the defaults (the no-argument constructor); tests shorten the
 * timings with {@link #with}.
 */
@Named
public final class OcelotConfig {
    public static final long DEFAULT_LOG_CAP_BYTES = 50L * 1024 * 1024;

    private final Duration pollHold;
    private final Duration pollRecheck;
    private final Duration lease;
    private final int maxAttempts;
    private final long logCapBytes;
    private final int triggerQueueCapacity;

    @Inject
    public OcelotConfig() {
        this(Duration.ofSeconds(Protocol.POLL_HOLD_SECONDS), Duration.ofSeconds(2),
                Duration.ofSeconds(Protocol.DEFAULT_LEASE_SECONDS), 3, DEFAULT_LOG_CAP_BYTES, 1000);
    }

    private OcelotConfig(Duration pollHold, Duration pollRecheck, Duration lease, int maxAttempts, long logCapBytes,
                         int triggerQueueCapacity) {
        this.pollHold = pollHold;
        this.pollRecheck = pollRecheck;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
        this.logCapBytes = logCapBytes;
        this.triggerQueueCapacity = triggerQueueCapacity;
    }

    /** How long a poll is held when no build is queued (at most {@link Protocol#POLL_HOLD_SECONDS}). */
    public Duration pollHold() {
        return pollHold;
    }

    /**
     * How often a held poll looks at the queue without being woken: builds queued on another cluster node do not
     * wake this node's pollers.
     */
    public Duration pollRecheck() {
        return pollRecheck;
    }

    /** A lease not renewed for this long is expired by the reaper. */
    public Duration lease() {
        return lease;
    }

    /** Attempts before a build whose werker keeps vanishing ends ERRORED "werker lost". */
    public int maxAttempts() {
        return maxAttempts;
    }

    public long logCapBytes() {
        return logCapBytes;
    }

    public int triggerQueueCapacity() {
        return triggerQueueCapacity;
    }

    public OcelotConfig with(Duration pollHold, Duration pollRecheck, Duration lease) {
        return new OcelotConfig(pollHold, pollRecheck, lease, maxAttempts, logCapBytes, triggerQueueCapacity);
    }

    public OcelotConfig withLogCap(long bytes) {
        return new OcelotConfig(pollHold, pollRecheck, lease, maxAttempts, bytes, triggerQueueCapacity);
    }

    public OcelotConfig withTriggerQueueCapacity(int capacity) {
        return new OcelotConfig(pollHold, pollRecheck, lease, maxAttempts, logCapBytes, capacity);
    }
}
