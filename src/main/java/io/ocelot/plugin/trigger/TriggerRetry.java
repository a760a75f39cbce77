package io.ocelot.plugin.trigger;

import java.time.Duration;

/**
 * How pending triggers are retried: attempt n waits {@code firstBackoff × 2^(n-1)}, at most {@code maxBackoff}, after
 * a failed attempt; after {@code maxAttempts} the trigger is FAILED with the last reason. {@code claim}: how long a
 * node may hold a trigger before another node presumes it dead and takes it over. {@code rescan}: how often idle
 * processors look for triggers that are due (retries, other nodes' events, claims that ran out) without being woken.
 */
public record TriggerRetry(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration claim,
                           Duration rescan) {
    /** 8 attempts over about 4 minutes (1 s, 2 s, ... 64 s): covers a Bitbucket node restarting a service. */
    public static final TriggerRetry DEFAULT = new TriggerRetry(8, Duration.ofSeconds(1), Duration.ofSeconds(64),
            Duration.ofMinutes(2), Duration.ofSeconds(2));

    public TriggerRetry {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public long backoffMillis(int attempt) {
        long first = firstBackoff.toMillis();
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        return Math.min(maxBackoff.toMillis(), first << shift);
    }
}
