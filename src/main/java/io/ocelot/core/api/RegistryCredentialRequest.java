package io.ocelot.core.api;

/**
 * What an admin sends to let werkers pull images from a private container registry: the registry {@code host}
 * ({@code registry.example.com} or {@code registry.example.com:5000}, as in an image name), {@code username} and
 * {@code password} (a password or an access token). Setting a host again replaces its credential.
 */
public record RegistryCredentialRequest(String host, String username, String password) {
    @Override
    public String toString() { // never log the secret
        return "RegistryCredentialRequest[host=" + host + ", username=" + username + ", password="
                + (password == null ? "none" : "****") + "]";
    }
}
