package io.ocelot.plugin.werker;

import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.plugin.security.Hashing;
import io.ocelot.plugin.store.SettingStore;
import io.ocelot.plugin.store.WerkerStore;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Who may be a werker. An admin sets a registration secret (kept as a slow salted hash); a werker presenting it
 * registers and receives its own token (kept as SHA-256). Revoking a werker makes its token fail at once.
 */
@Named
public class WerkerRegistry {
    static final String SECRET_KEY = "werker.registrationSecretHash";
    static final String SECRET_SET_AT_KEY = "werker.registrationSecretSetAt";
    private static final String TOKEN_PREFIX = "ocw_";

    private final SettingStore settings;
    private final WerkerStore werkers;
    private final Clock clock;

    @Inject
    public WerkerRegistry(SettingStore settings, WerkerStore werkers, Clock clock) {
        this.settings = settings;
        this.werkers = werkers;
        this.clock = clock;
    }

    public void setRegistrationSecret(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the werker registration secret must have at least 16 characters");
        }
        settings.put(SECRET_KEY, Hashing.slowHash(secret));
        settings.put(SECRET_SET_AT_KEY, Long.toString(clock.millis()));
    }

    /** When the current registration secret was set (epoch ms); empty when none is set or it predates this record. */
    public Optional<Long> registrationSecretSetAt() {
        return hasRegistrationSecret() ? settings.get(SECRET_SET_AT_KEY).map(Long::valueOf) : Optional.empty();
    }

    /** Sets a fresh random secret and returns it (shown to the admin once). */
    public String generateRegistrationSecret() {
        String secret = Hashing.newToken("ocr_");
        setRegistrationSecret(secret);
        return secret;
    }

    public boolean hasRegistrationSecret() {
        return settings.get(SECRET_KEY).isPresent();
    }

    public RegisterResponse register(RegisterRequest r) {
        if (r.registrationSecret() == null
                || !Hashing.matchesSlowHash(r.registrationSecret(), settings.get(SECRET_KEY).orElse(null))) {
            throw WerkerApiException.unauthorized(hasRegistrationSecret() ? "wrong registration secret"
                    : "no werker registration secret is set: a Bitbucket admin sets one in Ocelot's settings");
        }
        if (r.name() == null || r.name().isBlank()) {
            throw WerkerApiException.badRequest("register: name is missing");
        }
        List<String> labels = r.labels() == null ? List.of()
                : r.labels().stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (labels.stream().anyMatch(l -> l.contains(","))) {
            throw WerkerApiException.badRequest("register: a label may not contain ','");
        }
        String token = Hashing.newToken(TOKEN_PREFIX);
        Werker w = werkers.create(r.name().trim(), labels, Math.max(1, r.maxBuilds()), r.version(),
                Hashing.sha256Hex(token), clock.millis());
        return new RegisterResponse(w.id(), token);
    }

    /**
     * The werker holding this token (the {@link io.ocelot.core.protocol.Protocol#WERKER_TOKEN_HEADER} value); 401 when
     * it is missing, unknown or revoked.
     */
    public Werker authenticate(String tokenHeader) {
        if (tokenHeader == null || tokenHeader.isBlank()) {
            throw WerkerApiException.unauthorized("missing '" + io.ocelot.core.protocol.Protocol.WERKER_TOKEN_HEADER
                    + ": <werker token>'");
        }
        String token = tokenHeader.trim();
        Optional<Werker> w = werkers.byTokenHash(Hashing.sha256Hex(token));
        if (w.isEmpty()) {
            throw WerkerApiException.unauthorized("unknown werker token");
        }
        if (w.get().revoked()) {
            throw WerkerApiException.unauthorized("this werker was revoked by an admin; register it again");
        }
        return w.get();
    }

    /** False when there is no such werker. Revoking twice is harmless. */
    public boolean revoke(long werkerId) {
        return werkers.revoke(werkerId);
    }

    public List<Werker> werkers() {
        return werkers.all();
    }
}
