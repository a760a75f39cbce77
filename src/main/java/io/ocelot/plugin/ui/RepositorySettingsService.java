package io.ocelot.plugin.ui;

import java.util.List;
import java.util.Optional;

/**
 * Reading and saving repository settings and the auto-enable defaults. Implemented by the plugin core over its store,
 * which encrypts secret values at rest. Validation of the change is done before it gets here
 * ({@link SettingsRules}); the store saves a change atomically.
 */
public interface RepositorySettingsService {

    /** The settings, or {@link RepositorySettingsView#defaults()} for a repository never configured. */
    RepositorySettingsView get(RepositoryName repository);

    /** Applies {@code change}: sets and removes secrets by name, keeps the other secrets; returns the settings after. */
    RepositorySettingsView save(RepositoryName repository, RepositorySettingsView.Change change, String byUser);

    /** Repositories where Ocelot is switched on, in no particular order (to resolve a bare slug or a build group). */
    List<RepositoryName> trackedRepositories();

    /** Global default: switch Ocelot on for a repository when an ocelot.yml first appears in it. */
    boolean autoEnableGlobal();

    void setAutoEnableGlobal(boolean enabled, String byUser);

    /** The project's own choice, empty when it follows the global default. */
    Optional<Boolean> autoEnableForProject(String projectKey);

    /** {@code enabled} empty: follow the global default. */
    void setAutoEnableForProject(String projectKey, Optional<Boolean> enabled, String byUser);
}
