package io.ocelot.plugin.artifact;

import java.nio.file.Path;

/**
 * Port: the directory artifact files live under. In Bitbucket, {@code <shared home>/ocelot/artifacts}, which every
 * cluster node sees (an upload on one node is downloaded through another); in tests, a temporary directory.
 */
public interface ArtifactRoot {
    Path artifactRoot();
}
