package io.ocelot.core.api;

/**
 * The werker registration secret as an admin sees it: whether one is set and since when (epoch ms). {@code secret}
 * is present only in the answer to a rotation, the one time the new value is shown; the plugin keeps only a hash.
 */
public record RegistrationSecretView(boolean set, Long setAt, String secret) {
    @Override
    public String toString() { // never log the secret
        return "RegistrationSecretView[set=" + set + ", setAt=" + setAt + (secret == null ? "" : ", secret=****") + "]";
    }
}
