package io.ocelot.plugin.ui;

import io.ocelot.core.api.ArtifactList;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reading a build's artifacts for people (the REST API, the build page, {@code ocelot artifacts}). Permissions are
 * not this port's business: callers check them first ({@link BuildLookup}).
 */
public interface BuildArtifacts {
    /** No artifacts ever (a page server without artifact storage). */
    BuildArtifacts NONE = new BuildArtifacts() {
        @Override
        public ArtifactList list(long buildId) {
            return new ArtifactList(buildId, java.util.List.of(), 0, 0);
        }

        @Override
        public Optional<Download> open(long buildId, String path) {
            return Optional.empty();
        }
    };

    ArtifactList list(long buildId);

    /**
     * The artifact's bytes, to be closed by the caller; empty when the build has no artifact at that path.
     * @throws UserFacingException NOT_FOUND when the artifact expired (its file was removed by the retention)
     */
    Optional<Download> open(long buildId, String path) throws IOException;

    /** An open artifact: {@code size} is the length of {@code content}. */
    record Download(String path, long size, String sha256, InputStream content) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            content.close();
        }
    }
}
