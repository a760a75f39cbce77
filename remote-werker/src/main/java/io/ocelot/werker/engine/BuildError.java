package io.ocelot.werker.engine;

/**
 * Ocelot could not run the build (clone failed, image missing, Docker unreachable): the build ends ERRORED with
 * {@link #getMessage()} as the reason, which is written for the user and never contains a secret.
 */
public class BuildError extends Exception {
    private final boolean cancel;

    public BuildError(String message) {
        super(message);
        this.cancel = false;
    }

    private BuildError(String message, boolean cancel) {
        super(message);
        this.cancel = cancel;
    }

    /** The step stopped because the build was cancelled: the build ends CANCELLED, not ERRORED. */
    public static BuildError cancelled(String message) {
        return new BuildError(message, true);
    }

    public boolean isCancel() {
        return cancel;
    }

    public BuildError(String message, Throwable cause) {
        super(message, cause);
        this.cancel = false;
    }
}
