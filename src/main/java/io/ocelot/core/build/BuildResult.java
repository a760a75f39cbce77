package io.ocelot.core.build;

/**
 * How a build ended. FAILED: a stage's script failed or timed out. ERRORED: Ocelot could not run it (image not
 * found, clone failed, docker unreachable, werker lost) — the author's code was never judged. CANCELLED: a
 * person or a newer commit stopped it.
 */
public enum BuildResult {
    PASSED, FAILED, CANCELLED, ERRORED
}
