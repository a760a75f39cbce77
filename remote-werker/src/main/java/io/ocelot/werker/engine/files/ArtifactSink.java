package io.ocelot.werker.engine.files;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Where a build's artifacts go: the plugin (the agent's upload, one file per request) or a local folder
 * ({@code ocelot exec --artifacts}). The engine hands over one file at a time and never knows which.
 */
public interface ArtifactSink {
    /**
     * Keeps one file. {@code content} gives its bytes as a stream; it may be opened again (a retried upload reads
     * the file anew). Lines for the build log go to {@code log}. Returns false when the build may keep no more
     * artifacts (its cap is reached, its lease is lost): nothing more is offered for this build.
     *
     * @throws IOException this file could not be kept; the next one is still offered
     */
    boolean put(Artifact artifact, Content content, Consumer<String> log) throws IOException;

    /** A file a stage left: {@code path} relative to the workspace, '/'-separated. */
    record Artifact(int stage, String stageName, String path, long size) {
    }

    /** A file's bytes, read in a call (never held whole in memory). */
    @FunctionalInterface
    interface Content {
        void open(WorkspaceFiles.Reader reader) throws IOException;
    }
}
