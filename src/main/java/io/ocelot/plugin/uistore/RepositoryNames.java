package io.ocelot.plugin.uistore;

import io.ocelot.plugin.repo.RepositoryDirectory;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettingsStore;
import io.ocelot.plugin.ui.RepositoryName;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Optional;

/**
 * Turns a repository name ({@link RepositoryName}) into the repository Ocelot stores by id. Asks
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

    public Optional<RepositoryRef> resolve(RepositoryName name) {
        Optional<RepositoryRef> found = directory.byName(name.projectKey(), name.slug());
        return found.isPresent() ? found : settings.byName(name.projectKey(), name.slug());
    }

    public static RepositoryName nameOf(RepositoryRef repository) {
        return new RepositoryName(repository.projectKey(), repository.slug());
    }
}
