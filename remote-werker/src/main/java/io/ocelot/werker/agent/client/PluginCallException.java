package io.ocelot.werker.agent.client;

/**
 * A call to the plugin did not succeed. The kind decides what the agent does: retry later, stop the build, or give up.
 */
public final class PluginCallException extends RuntimeException {
    public enum Kind {
        /** Connection failure, timeout, 5xx, 408 or 429: the plugin may answer later; retry with backoff. */
        UNREACHABLE,
        /** 409: the lease is no longer ours; stop the build and send nothing more for it. */
        LEASE_LOST,
        /** Any other 4xx (401 revoked token, 400 malformed, 413 too large...): retrying cannot help. */
        REFUSED
    }

    private final Kind kind;
    private final int status;

    public PluginCallException(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was no response. */
    public int status() {
        return status;
    }
}
