package io.ocelot.plugin.notify;

import io.ocelot.plugin.crypto.Hashing;
import io.ocelot.plugin.crypto.SecretBox;
import io.ocelot.plugin.crypto.SecretKeySource;
import io.ocelot.plugin.store.SettingStore;
import io.ocelot.plugin.ui.RepositoryName;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.inject.Inject;
import javax.inject.Named;

/**
 * Each repository's webhook signing secret: generated on first use, kept sealed ({@link SecretBox}) in the global
 * settings, readable again by the repository's admins (docs/user-guide.md, "Notifications"). A receiver checks
 * {@value #HEADER}: {@code sha256=} and the hex HMAC-SHA256 of the exact request body under this secret.
 */
@Named
public class WebhookSecrets {
    public static final String HEADER = "X-Ocelot-Signature";
    private static final String KEY_PREFIX = "notify.webhookSecret.";
    private final SettingStore settings;
    private final SecretBox box;

    @Inject
    public WebhookSecrets(SettingStore settings, SecretKeySource keys) {
        this.settings = settings;
        this.box = new SecretBox(keys);
    }

    /** The repository's secret, made now when it has none. */
    public synchronized String secretFor(RepositoryName repository) {
        String key = key(repository);
        return settings.get(key).map(sealed -> box.open(sealed, key)).orElseGet(() -> rotate(repository));
    }

    /** A fresh secret replaces the old one at once (receivers must be given the new one). */
    public synchronized String rotate(RepositoryName repository) {
        String key = key(repository);
        String secret = Hashing.newToken("ocwh_");
        settings.put(key, box.seal(secret, key));
        return secret;
    }

    /** The {@value #HEADER} value for {@code body}. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(RepositoryName repository) {
        return KEY_PREFIX + repository.projectKey() + "/" + repository.slug();
    }
}
