package io.ocelot.werker.agent.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for retrying calls to the plugin. The jitter ("equal jitter": half fixed, half
 * random) keeps a fleet of werkers that lost the server at the same moment from coming back in lock-step.
 * Not thread-safe: one per retrying loop.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    /** The wait before the next try; each call doubles the base up to the maximum. */
    public Duration next() {
        long base = initialMillis << Math.min(failures, 30);
        if (base <= 0 || base > maxMillis) {
            base = maxMillis;
        }
        failures++;
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }

    public int failures() {
        return failures;
    }

    public void reset() {
        failures = 0;
    }
}
