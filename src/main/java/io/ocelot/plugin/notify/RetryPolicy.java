package io.ocelot.plugin.notify;

import java.time.Duration;

/**
 * How hard the notifier tries: {@code attempts} in all, waiting {@code firstDelay}, then doubling, between them.
 * Bounded on purpose: a hook that is down for long is reported on the build, not retried forever.
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration requestTimeout) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(2), Duration.ofSeconds(10));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** The wait before attempt {@code n} (2, 3, ...): firstDelay × 2^(n-2). */
    public Duration delayBefore(int n) {
        return firstDelay.multipliedBy(1L << Math.min(20, n - 2));
    }
}
