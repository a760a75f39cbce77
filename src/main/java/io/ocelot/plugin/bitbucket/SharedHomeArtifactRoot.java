package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.server.StorageService;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.artifact.ArtifactRoot;

import javax.inject.Inject;
import javax.inject.Named;
import java.nio.file.Path;

/**
 * Build artifacts in Bitbucket's shared home ({@code <shared>/ocelot/artifacts}): a werker's upload may reach one
 * cluster node and its download another, and the shared home is the one folder every node sees (as the secret key
 * of {@link SharedHomeSecretKeySource}).
 */
@Named
public class SharedHomeArtifactRoot implements ArtifactRoot {
    private final Path root;

    @Inject
    public SharedHomeArtifactRoot(@ComponentImport StorageService storage) {
        this.root = storage.getSharedHomeDir().resolve("ocelot").resolve("artifacts");
    }

    @Override
    public Path artifactRoot() {
        return root;
    }
}
