package io.ocelot.plugin.store;

import io.ocelot.core.Json;
import io.ocelot.plugin.crypto.SecretBox;
import io.ocelot.plugin.crypto.SecretKeySource;
import io.ocelot.plugin.registry.RegistryCredential;
import io.ocelot.plugin.registry.RegistryCredentialSummary;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The admin-configured container registry credentials (global, one per registry host), kept in the settings table
 * sealed with {@link SecretBox} like the clone credential. Write-only: {@link #list()} hands out hosts and user names,
 * and the password or token only through {@link #credentials()}, for the code that sends them to werkers.
 * {@link io.ocelot.plugin.werker.JobFactory} sends the one for the host of a build's image when the repository has
 * none of its own for that host. Every check of what an admin may store is here ({@link IllegalArgumentException}
 * naming the field).
 */
@Named
public class RegistryCredentialStore {
    static final String KEY = "registry.credentials";
    /** A registry host as in an image name: a DNS name or IPv4 address, with an optional port. */
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?");
    private final SettingStore settings;
    private final SecretBox box;
    private final Clock clock;

    @Inject
    public RegistryCredentialStore(SettingStore settings, SecretKeySource keys, Clock clock) {
        this.settings = settings;
        this.box = new SecretBox(keys);
        this.clock = clock;
    }

    /** Stores (or replaces) the credential for {@code host}; returns the host as stored (lower case). */
    public synchronized String set(String host, String username, String password) {
        RegistryCredential checked = checked(host, username, password, clock.millis());
        String h = checked.host();
        List<RegistryCredential> all = new ArrayList<>(credentials());
        all.removeIf(c -> c.host().equals(h));
        all.add(checked);
        all.sort(Comparator.comparing(RegistryCredential::host));
        settings.put(KEY, box.seal(Json.write(all), KEY));
        return h;
    }

    /** False when no credential was stored for {@code host}. */
    public synchronized boolean remove(String host) {
        List<RegistryCredential> all = new ArrayList<>(credentials());
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (!all.removeIf(c -> c.host().equals(h))) {
            return false;
        }
        if (all.isEmpty()) {
            settings.remove(KEY);
        } else {
            settings.put(KEY, box.seal(Json.write(all), KEY));
        }
        return true;
    }

    /** The credentials with their secrets, by host: only for sending to werkers, never for showing. */
    public List<RegistryCredential> credentials() {
        return settings.get(KEY).map(sealed -> List.of(Json.read(box.open(sealed, KEY), RegistryCredential[].class)))
                .orElse(List.of());
    }

    /** Host, user name and when it was set, by host; never the secret. */
    public List<RegistryCredentialSummary> list() {
        return credentials().stream().map(c -> new RegistryCredentialSummary(c.host(), c.username(), c.setAt())).toList();
    }

    /**
     * What an admin or a repository admin may store as a registry credential, stripped and with the host in lower
     * case: the one check for the global and the per-repository credentials.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static RegistryCredential checked(String host, String username, String password, long setAt) {
        String h = checkedHost(host);
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username: a registry credential needs the registry user name");
        }
        if (username.strip().matches(".*\\s.*")) {
            throw new IllegalArgumentException("username: '" + username.strip() + "' contains a space or line break");
        }
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("password: a registry credential needs a password or access token; it is empty");
        }
        if (password.strip().contains("\n")) {
            throw new IllegalArgumentException("password: a password or token is one line; this one has several");
        }
        return new RegistryCredential(h, username.strip(), password.strip(), setAt);
    }

    private static String checkedHost(String host) {
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (h.isEmpty()) {
            throw new IllegalArgumentException("host: a registry credential needs the registry host, e.g. registry.example.com");
        }
        if (h.contains("://") || h.contains("/")) {
            throw new IllegalArgumentException("host: give the registry host only, as in an image name"
                    + " (registry.example.com:5000), not a URL or path: '" + host.strip() + "'");
        }
        if (!HOST.matcher(h).matches()) {
            throw new IllegalArgumentException("host: '" + host.strip() + "' is not a host name with an optional :port");
        }
        return h;
    }
}
