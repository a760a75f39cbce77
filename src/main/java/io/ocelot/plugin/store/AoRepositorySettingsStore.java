package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.repo.RepositorySettingsStore;
import net.java.ao.ActiveObjectsException;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@link RepositorySettingsStore} in AO, one row per repository id. */
@Named
public class AoRepositorySettingsStore implements RepositorySettingsStore {
    private final ActiveObjects ao;

    @Inject
    public AoRepositorySettingsStore(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
    }

    @Override
    public RepositorySettings get(RepositoryRef repository) {
        RepoConfigEntity[] found = ao.find(RepoConfigEntity.class, "REPO_ID = ?", repository.id());
        return found.length == 0 ? RepositorySettings.disabled(repository) : toSettings(found[0], repository);
    }

    @Override
    public void save(RepositorySettings s) {
        try {
            ao.executeInTransaction(() -> upsert(s));
        } catch (ActiveObjectsException e) {
            ao.executeInTransaction(() -> upsert(s)); // a concurrent first save won the insert
        }
    }

    private Void upsert(RepositorySettings s) {
        RepoConfigEntity[] found = ao.find(RepoConfigEntity.class, "REPO_ID = ?", s.repository().id());
        RepoConfigEntity e = found.length > 0 ? found[0]
                : ao.create(RepoConfigEntity.class, Map.of("REPO_ID", s.repository().id()));
        e.setProjectKey(s.repository().projectKey());
        e.setRepoSlug(s.repository().slug());
        e.setEnabled(s.enabled());
        e.setAutoCancel(s.autoCancel());
        e.setBuildPullRequests(s.buildPullRequests());
        e.setBuildTags(s.buildTags());
        e.save();
        return null;
    }

    @Override
    public List<RepositorySettings> enabled() {
        return Arrays.stream(ao.find(RepoConfigEntity.class, "ENABLED = ?", true))
                .map(e -> toSettings(e, new RepositoryRef(e.getRepoId(), e.getProjectKey(), e.getRepoSlug())))
                .toList();
    }

    private static RepositorySettings toSettings(RepoConfigEntity e, RepositoryRef repository) {
        return new RepositorySettings(repository, e.isEnabled(), e.isAutoCancel(), e.isBuildPullRequests(),
                e.isBuildTags());
    }
}
