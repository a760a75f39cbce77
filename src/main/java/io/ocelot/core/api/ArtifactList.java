package io.ocelot.core.api;

import java.util.List;

/**
 * {@code GET /builds/{id}/artifacts}: the build's artifacts by path, expired ones included; {@code totalBytes} of
 * those still kept; {@code retentionDays} how long artifacts are kept after their upload (0: for ever).
 */
public record ArtifactList(long buildId, List<ArtifactView> artifacts, long totalBytes, int retentionDays) {
    public ArtifactList {
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }
}
