package io.ocelot.plugin.uistore;

import io.ocelot.plugin.repo.RepositoryDirectory;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettingsStore;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Optional;

/**
 * Turns a repository name ({@link io.ocelot.plugin.ui.RepositoryName}) into the repository Ocelot stores by id. Asks
 * Bitbucket first (the names are current after a rename), then the names saved with the repository's settings
 * (what a background thread, which Bitbucket shows nothing, can still resolve).
 */
@Named
public class RepositoryNames {
    private final RepositoryDirectory directory;
    private final RepositorySettingsStore settings;

    @Inject
    public RepositoryNames(RepositoryDirectory directory, RepositorySettingsStore settings) {
        this.directory = directory;
        this.settings = settings;
    }

    public Optional<RepositoryRef> resolve(io.ocelot.plugin.ui.RepositoryName name) {
        Optional<RepositoryRef> found = directory.byName(name.projectKey(), name.slug());
        return found.isPresent() ? found : settings.byName(name.projectKey(), name.slug());
    }

    public static io.ocelot.plugin.ui.RepositoryName nameOf(RepositoryRef repository) {
        return new io.ocelot.plugin.ui.RepositoryName(repository.projectKey(), repository.slug());
    }
}
