package io.ocelot.plugin.ui;

/**
 * The attempts of a build: a build whose werker was lost is requeued and runs again as attempt 2, 3, ... with a log
 * of its own; the earlier logs stay readable. Implemented by the plugin core over its store; permissions are the
 * callers' business, as for {@link BuildReadModel}.
 */
public interface BuildAttempts {

    /** How many attempts the build has had: 0 when no werker ever took it, else the current attempt's number. */
    int attempts(long buildId);
}
