package io.ocelot.plugin.clone;

import java.util.Objects;

/** How werkers authenticate to clone: an HTTP access token (with its username) or an SSH private key. */
public record CloneCredential(Kind kind, String username, String secret) {
    public enum Kind { HTTP_TOKEN, SSH_KEY }

    public CloneCredential {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(secret, "secret");
    }

    /** What an admin may see again: never the secret. */
    public String describe() {
        return kind == Kind.HTTP_TOKEN ? "HTTP access token for user " + username : "SSH private key";
    }

    @Override
    public String toString() {
        return "CloneCredential[" + describe() + "]";
    }
}
