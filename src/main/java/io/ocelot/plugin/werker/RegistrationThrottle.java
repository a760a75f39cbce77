package io.ocelot.plugin.werker;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits wrong registration secrets per caller address: a token bucket of {@link #BURST} failures that refills one
 * every {@link #REFILL_MILLIS}. A caller with an empty bucket is answered 429 before any secret is checked, so
 * guessing the secret is slow and costs the server nothing. Successful registrations take no token (a fleet of
 * werkers behind one address registers freely). Per cluster node, in memory: a restart forgets, which is harmless.
 */
public final class RegistrationThrottle {
    static final int BURST = 10;
    static final long REFILL_MILLIS = 6_000;
    /** Above this many addresses, buckets that have refilled completely are forgotten. */
    private static final int MAX_TRACKED = 10_000;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RegistrationThrottle(Clock clock) {
        this.clock = clock;
    }

    private static final class Bucket {
        double tokens = BURST;
        long at;

        Bucket(long now) {
            at = now;
        }

        void refill(long now) {
            tokens = Math.min(BURST, tokens + (double) (now - at) / REFILL_MILLIS);
            at = now;
        }
    }

    /** Refuses (429) a caller that used up its failures. */
    public void check(String address) {
        Bucket b = buckets.get(key(address));
        if (b == null) {
            return;
        }
        long now = clock.millis();
        synchronized (b) {
            b.refill(now);
            if (b.tokens < 1) {
                long wait = (long) Math.ceil((1 - b.tokens) * REFILL_MILLIS / 1000.0);
                throw WerkerApiException.tooManyRequests("register: too many wrong registration secrets from "
                        + key(address) + "; try again in " + wait + " s", Math.max(1, wait));
            }
        }
    }

    /** Takes one token for a wrong secret. */
    public void failed(String address) {
        long now = clock.millis();
        if (buckets.size() > MAX_TRACKED) {
            buckets.values().removeIf(b -> {
                synchronized (b) {
                    b.refill(now);
                    return b.tokens >= BURST;
                }
            });
        }
        Bucket b = buckets.computeIfAbsent(key(address), k -> new Bucket(now));
        synchronized (b) {
            b.refill(now);
            b.tokens = Math.max(0, b.tokens - 1);
        }
    }

    private static String key(String address) {
        return address == null || address.isBlank() ? "(unknown address)" : address;
    }
}
