package io.ocelot.plugin.werker;

import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.crypto.Hashing;
import io.ocelot.plugin.crypto.SecretKeySource;
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
 * <p>
 * {@code register} is open to anyone who can reach Bitbucket, so it must be cheap to refuse: a caller address with
 * too many wrong secrets gets 429 ({@link RegistrationThrottle}) before anything is hashed, and a wrong secret is
 * told apart by a keyed SHA-256 ({@link Hashing#keyedHash}, key outside the database) compared in constant time;
 * only a secret that passes it reaches the slow PBKDF2. Every field is checked before a row is written.
 */
@Named
public class WerkerRegistry {
    static final String SECRET_KEY = "werker.registrationSecretHash";
    static final String SECRET_SET_AT_KEY = "werker.registrationSecretSetAt";
    /** The keyed fast hash of the secret; absent for a secret set before it existed (then kept at the next match). */
    static final String SECRET_CHECK_KEY = "werker.registrationSecretCheck";
    private static final String TOKEN_PREFIX = "ocw_";
    // Column limits (AO strings are VARCHAR(255)); the labels are kept comma-joined in one column.
    static final int MAX_NAME = 100;
    static final int MAX_LABEL = 64;
    static final int MAX_LABELS = 32;
    static final int MAX_LABELS_JOINED = 255;
    static final int MAX_VERSION = 64;
    static final int MAX_SECRET = 1024;
    static final int MAX_BUILDS = 256;

    private final SettingStore settings;
    private final WerkerStore werkers;
    private final Clock clock;
    private final SecretKeySource keys;
    private final RegistrationThrottle throttle;

    @Inject
    public WerkerRegistry(SettingStore settings, WerkerStore werkers, Clock clock, SecretKeySource keys) {
        this.settings = settings;
        this.werkers = werkers;
        this.clock = clock;
        this.keys = keys;
        this.throttle = new RegistrationThrottle(clock);
    }

    public void setRegistrationSecret(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the werker registration secret must have at least 16 characters");
        }
        if (secret.length() > MAX_SECRET) {
            throw new IllegalArgumentException("the werker registration secret may have at most " + MAX_SECRET
                    + " characters");
        }
        settings.put(SECRET_KEY, Hashing.slowHash(secret));
        settings.put(SECRET_CHECK_KEY, Hashing.keyedHash(keys.key(), secret));
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

    /** Without a caller address (one shared rate-limit bucket); the REST resource passes the caller's. */
    public RegisterResponse register(RegisterRequest r) {
        return register(r, null);
    }

    public RegisterResponse register(RegisterRequest r, String callerAddress) {
        throttle.check(callerAddress);
        if (r.protocol() != Protocol.VERSION) {
            throw WerkerApiException.badRequest("register: this Ocelot plugin speaks werker protocol "
                    + Protocol.VERSION + ", the werker sent " + r.protocol() + ": upgrade the werker or the plugin");
        }
        if (!secretMatches(r.registrationSecret())) {
            throttle.failed(callerAddress);
            throw WerkerApiException.unauthorized(hasRegistrationSecret() ? "wrong registration secret"
                    : "no werker registration secret is set: a Bitbucket admin sets one in Ocelot's settings");
        }
        String name = r.name() == null ? "" : r.name().trim();
        if (name.isEmpty()) {
            throw WerkerApiException.badRequest("register: name is missing");
        }
        checkText("name", name, MAX_NAME);
        List<String> labels = r.labels() == null ? List.of()
                : r.labels().stream().map(l -> l == null ? "" : l.trim()).filter(l -> !l.isEmpty()).distinct().toList();
        if (labels.size() > MAX_LABELS) {
            throw WerkerApiException.badRequest("register: at most " + MAX_LABELS + " labels, got " + labels.size());
        }
        for (String l : labels) {
            checkText("label '" + abbreviate(l) + "'", l, MAX_LABEL);
            if (l.contains(",")) {
                throw WerkerApiException.badRequest("register: a label may not contain ',' (label '" + abbreviate(l)
                        + "')");
            }
        }
        if (String.join(",", labels).length() > MAX_LABELS_JOINED) {
            throw WerkerApiException.badRequest("register: the labels together may have at most "
                    + MAX_LABELS_JOINED + " characters (comma-separated)");
        }
        if (r.version() != null) {
            checkText("version", r.version(), MAX_VERSION);
        }
        if (r.maxBuilds() > MAX_BUILDS) {
            throw WerkerApiException.badRequest("register: maxBuilds may be at most " + MAX_BUILDS + ", got "
                    + r.maxBuilds());
        }
        String token = Hashing.newToken(TOKEN_PREFIX);
        Werker w = werkers.create(name, labels, Math.max(1, r.maxBuilds()), r.version(),
                Hashing.sha256Hex(token), clock.millis());
        return new RegisterResponse(w.id(), token);
    }

    /** Cheap refusal first: the keyed fast hash, in constant time; the slow hash only for a secret that passes it. */
    private boolean secretMatches(String secret) {
        String slow = settings.get(SECRET_KEY).orElse(null);
        if (secret == null || slow == null || secret.length() > MAX_SECRET) {
            return false;
        }
        String presented = Hashing.keyedHash(keys.key(), secret);
        Optional<String> check = settings.get(SECRET_CHECK_KEY);
        if (check.isPresent() && !Hashing.constantTimeEquals(presented, check.get())) {
            return false;
        }
        if (!Hashing.matchesSlowHash(secret, slow)) {
            return false;
        }
        if (check.isEmpty()) {
            settings.put(SECRET_CHECK_KEY, presented); // a secret set before the fast check existed
        }
        return true;
    }

    private static void checkText(String what, String value, int max) {
        if (value.length() > max) {
            throw WerkerApiException.badRequest("register: " + what + " has " + value.length()
                    + " characters, at most " + max + " are allowed");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw WerkerApiException.badRequest("register: " + what + " contains a control character");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
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
