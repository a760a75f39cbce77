package io.ocelot.plugin.store;

import io.ocelot.core.Json;
import io.ocelot.plugin.clone.CloneCredential;
import io.ocelot.plugin.clone.CloneCredentials;
import io.ocelot.plugin.clone.CloneUrlTemplate;
import io.ocelot.plugin.crypto.SecretBox;
import io.ocelot.plugin.crypto.SecretKeySource;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The admin-configured clone credential, stored encrypted ({@link SecretBox}) in the settings table, and the clone URL
 * template it goes with. Setting it is write-only: {@link #describe()} tells an admin what kind is configured and when
 * it was set, never the secret. Every check of what an admin may store is here, so the REST API, and whatever else sets
 * a credential, refuse the same things with the same words ({@link IllegalArgumentException}).
 */
@Named
public class CloneCredentialStore implements CloneCredentials {
    static final String KEY = "clone.credential";
    static final String SET_AT_KEY = "clone.credential.setAt";
    /** A private key in OpenSSH or PEM form: the armour lines werkers' ssh will look for. */
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ((?:OPENSSH|RSA|EC|DSA) )?PRIVATE KEY-----\\s+[A-Za-z0-9+/=\\s:,-]+-----END \\1?PRIVATE KEY-----\\s*");
    private final SettingStore settings;
    private final SecretBox box;
    private final Clock clock;

    @Inject
    public CloneCredentialStore(SettingStore settings, SecretKeySource keys, Clock clock) {
        this.settings = settings;
        this.box = new SecretBox(keys);
        this.clock = clock;
    }

    /** What an admin may see again. */
    public record Description(CloneCredential.Kind kind, String username, Long setAt) {
    }

    public void setHttpToken(String username, String token) {
        set(http(username, token), null);
    }

    public void setSshKey(String privateKey) {
        set(ssh(privateKey), null);
    }

    /** An HTTP token credential, checked. */
    public static CloneCredential http(String username, String token) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username: an HTTP clone credential needs the service account's user name");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token: an HTTP clone credential needs the account's HTTP access token; it is empty");
        }
        if (token.strip().contains("\n")) {
            throw new IllegalArgumentException("token: an HTTP access token is one line; this one has several");
        }
        return new CloneCredential(CloneCredential.Kind.HTTP_TOKEN, username.strip(), token.strip());
    }

    /** An SSH key credential, checked: it must be an unencrypted private key, not a public key. */
    public static CloneCredential ssh(String privateKey) {
        if (privateKey == null || privateKey.isBlank()) {
            throw new IllegalArgumentException("privateKey: an SSH clone credential needs a private key; it is empty");
        }
        String key = privateKey.strip() + "\n";
        if (key.contains("ENCRYPTED PRIVATE KEY") || key.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new IllegalArgumentException("privateKey: the key is protected by a passphrase, which a werker cannot type;"
                    + " give a key without one (ssh-keygen -p -N '' -f KEY)");
        }
        if (key.startsWith("ssh-") || key.startsWith("ecdsa-") || key.contains("PUBLIC KEY")) {
            throw new IllegalArgumentException("privateKey: this is a public key; give the PRIVATE key (the file without .pub)");
        }
        if (!PRIVATE_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("privateKey: this does not look like a private key: expected OpenSSH or PEM"
                    + " text from '-----BEGIN OPENSSH PRIVATE KEY-----' to '-----END OPENSSH PRIVATE KEY-----'");
        }
        return new CloneCredential(CloneCredential.Kind.SSH_KEY, null, key);
    }

    /**
     * Stores the credential and, when {@code urlTemplate} is not null, the clone URL template; checks that the two go
     * together (an SSH key needs an SSH URL, a token an HTTP one).
     */
    public void set(CloneCredential credential, String urlTemplate) {
        String template = urlTemplate == null ? urlTemplate().orElse(null) : checkedTemplate(urlTemplate);
        boolean sshUrl = template != null && !template.startsWith("http://") && !template.startsWith("https://");
        if (credential.kind() == CloneCredential.Kind.SSH_KEY && !sshUrl) {
            throw new IllegalArgumentException("urlTemplate: an SSH key needs an SSH clone URL, e.g."
                    + " ssh://git@bitbucket.example.com:7999/{project}/{slug}.git" + (template == null
                    ? " (werkers clone over Bitbucket's HTTP URL now)" : "; the template is " + template));
        }
        if (credential.kind() == CloneCredential.Kind.HTTP_TOKEN && sshUrl) {
            throw new IllegalArgumentException("urlTemplate: an HTTP access token needs an http(s) clone URL; the template is "
                    + template);
        }
        settings.put(KEY, box.seal(Json.write(credential), KEY));
        settings.put(SET_AT_KEY, Long.toString(clock.millis()));
        if (urlTemplate != null) {
            settings.put(CloneUrlTemplate.SETTING_KEY, template);
        }
    }

    private static String checkedTemplate(String template) {
        String t = template.strip();
        if (!t.contains("{slug}")) {
            throw new IllegalArgumentException("urlTemplate: '" + t + "' has no {slug}; e.g."
                    + " https://bitbucket.example.com/scm/{project}/{slug}.git");
        }
        if (!t.matches("(https?|ssh)://\\S+|[\\w.-]+@[\\w.-]+:\\S+")) {
            throw new IllegalArgumentException("urlTemplate: '" + t + "' is not an http(s)://, ssh:// or user@host: URL");
        }
        return t;
    }

    /** Back to anonymous clones over Bitbucket's own HTTP URL: removes the credential and the URL template. */
    public void clear() {
        settings.remove(KEY);
        settings.remove(SET_AT_KEY);
        settings.remove(CloneUrlTemplate.SETTING_KEY);
    }

    public Optional<Description> describe() {
        return current().map(c -> new Description(c.kind(), c.username(),
                settings.get(SET_AT_KEY).map(Long::valueOf).orElse(null)));
    }

    /** The admin's clone URL template, if one was set. */
    public Optional<String> urlTemplate() {
        return settings.get(CloneUrlTemplate.SETTING_KEY);
    }

    @Override
    public Optional<CloneCredential> current() {
        return settings.get(KEY).map(sealed -> Json.read(box.open(sealed, KEY), CloneCredential.class));
    }
}
