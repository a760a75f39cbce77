package io.ocelot.plugin.build;

/**
 * A file a werker uploaded for a build ({@code path} relative to its workspace, from stage {@code stage} of attempt
 * {@code attempt}). {@code storedAs} names its file under the artifact root; {@code expired}: the retention removed
 * the file, the row stays so the build page can say what there was.
 */
public record Artifact(long buildId, int attempt, int stage, String path, long bytes, String sha256, String storedAs,
                       long createdAt, boolean expired) {
}
