package io.ocelot.plugin.werker;

/**
 * A leased build's job cannot be made (a secret variable or the clone credential does not decrypt, the stored plan
 * does not read): nothing a werker or a retry could fix, so the build ends ERRORED with this message at once
 * instead of failing the poll and burning its attempts. The message is for the build's page and never holds a secret.
 */
public final class JobNotMade extends RuntimeException {
    public JobNotMade(String message, Throwable cause) {
        super(message, cause);
    }
}
