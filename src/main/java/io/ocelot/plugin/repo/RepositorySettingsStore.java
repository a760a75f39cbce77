package io.ocelot.plugin.repo;

import java.util.List;

/** Port: per-repository settings. */
public interface RepositorySettingsStore {
    /** The settings, or {@link RepositorySettings#disabled} when none were saved. */
    RepositorySettings get(RepositoryRef repository);

    void save(RepositorySettings settings);

    List<RepositorySettings> enabled();
}
