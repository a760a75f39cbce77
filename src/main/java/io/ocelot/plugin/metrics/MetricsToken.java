package io.ocelot.plugin.metrics;

import io.ocelot.plugin.crypto.Hashing;
import io.ocelot.plugin.store.SettingStore;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;
import java.util.Optional;

/**
 * The token a Prometheus server scrapes the metrics with, Ocelot's own (a Bitbucket user is not needed for
 * scraping). Kept like a werker token: 256 random bits, only their SHA-256 stored (nothing to brute-force, so no slow
 * hash), the clear value shown once to the admin who made it. Making a new one replaces the old one at once.
 */
@Named
public class MetricsToken {
    static final String HASH_KEY = "metrics.tokenHash";
    static final String SET_AT_KEY = "metrics.tokenSetAt";
    private static final String PREFIX = "ocm_";
    private final SettingStore settings;
    private final Clock clock;

    @Inject
    public MetricsToken(SettingStore settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** A new token; its clear value is returned here and kept nowhere. */
    public String rotate() {
        String token = Hashing.newToken(PREFIX);
        settings.put(HASH_KEY, Hashing.sha256Hex(token));
        settings.put(SET_AT_KEY, Long.toString(clock.millis()));
        return token;
    }

    public void revoke() {
        settings.remove(HASH_KEY);
        settings.remove(SET_AT_KEY);
    }

    /** When the current token was made; empty when there is none. */
    public Optional<Long> setAt() {
        return settings.get(HASH_KEY).flatMap(h -> settings.get(SET_AT_KEY)).map(Long::parseLong);
    }

    public boolean matches(String presented) {
        if (presented == null || presented.isBlank()) {
            return false;
        }
        return settings.get(HASH_KEY).map(h -> Hashing.constantTimeEquals(h, Hashing.sha256Hex(presented.trim())))
                .orElse(false);
    }
}
