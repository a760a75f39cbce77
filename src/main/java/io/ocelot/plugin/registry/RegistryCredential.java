package io.ocelot.plugin.registry;

import java.util.Objects;

/** How werkers log in to one container registry to pull a stage's image. */
public record RegistryCredential(String host, String username, String password, long setAt) {
    public RegistryCredential {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() { // never log the secret
        return "RegistryCredential[" + username + "@" + host + "]";
    }
}
