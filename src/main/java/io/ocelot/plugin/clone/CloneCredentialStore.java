package io.ocelot.plugin.clone;

import io.ocelot.core.Json;
import io.ocelot.plugin.security.SecretBox;
import io.ocelot.plugin.security.SecretKeySource;
import io.ocelot.plugin.store.SettingStore;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Optional;

/**
 * The admin-configured clone credential, stored encrypted ({@link SecretBox}) in the settings table. Setting it is
 * write-only: {@link #describe()} tells an admin what kind is configured, never the secret.
 */
@Named
public class CloneCredentialStore implements CloneCredentials {
    static final String KEY = "clone.credential";
    private final SettingStore settings;
    private final SecretBox box;

    @Inject
    public CloneCredentialStore(SettingStore settings, SecretKeySource keys) {
        this.settings = settings;
        this.box = new SecretBox(keys);
    }

    public void setHttpToken(String username, String token) {
        if (username == null || username.isBlank() || token == null || token.isBlank()) {
            throw new IllegalArgumentException("an HTTP clone credential needs a username and a token");
        }
        save(new CloneCredential(CloneCredential.Kind.HTTP_TOKEN, username, token));
    }

    public void setSshKey(String privateKey) {
        if (privateKey == null || !privateKey.contains("PRIVATE KEY")) {
            throw new IllegalArgumentException("an SSH clone credential needs a private key in OpenSSH or PEM form");
        }
        save(new CloneCredential(CloneCredential.Kind.SSH_KEY, null, privateKey));
    }

    public void clear() {
        settings.remove(KEY);
    }

    public Optional<String> describe() {
        return current().map(CloneCredential::describe);
    }

    @Override
    public Optional<CloneCredential> current() {
        return settings.get(KEY).map(sealed -> Json.read(box.open(sealed, KEY), CloneCredential.class));
    }

    private void save(CloneCredential credential) {
        settings.put(KEY, box.seal(Json.write(credential), KEY));
    }
}
