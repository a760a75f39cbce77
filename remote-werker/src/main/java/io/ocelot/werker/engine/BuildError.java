package io.ocelot.werker.engine;

/**
 * Ocelot could not run the build (clone failed, image missing, Docker unreachable): the build ends ERRORED with
 * {@link #getMessage()} as the reason, which is written for the user and never contains a secret.
 */
public class BuildError extends Exception {
    private final boolean cancel;
    private final boolean failure;

    public BuildError(String message) {
        super(message);
        this.cancel = false;
        this.failure = false;
    }

    private BuildError(String message, boolean cancel, boolean failure) {
        super(message);
        this.cancel = cancel;
        this.failure = failure;
    }

    /** The step stopped because the build was cancelled: the build ends CANCELLED, not ERRORED. */
    public static BuildError cancelled(String message) {
        return new BuildError(message, true, false);
    }

    /**
     * The build's own content cannot be built (a pull request that does not merge): the build ends FAILED with
     * {@code message}, like a failing stage, not ERRORED; Ocelot itself worked.
     */
    public static BuildError failed(String message) {
        return new BuildError(message, false, true);
    }

    public boolean isCancel() {
        return cancel;
    }

    public boolean isFailure() {
        return failure;
    }

    public BuildError(String message, Throwable cause) {
        super(message, cause);
        this.cancel = false;
        this.failure = false;
    }
}
