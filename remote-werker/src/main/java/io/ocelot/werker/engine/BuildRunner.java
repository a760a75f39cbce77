package io.ocelot.werker.engine;

/**
 * Runs one build to the end: workspace, executor, stages, cleanup. Never throws for a build problem — every
 * failure becomes an {@link BuildOutcome} (ERRORED with the reason) — and leaves no container or workspace behind.
 */
public interface BuildRunner {
    BuildOutcome run(BuildRequest request, BuildListener listener, Cancellation cancellation);
}
