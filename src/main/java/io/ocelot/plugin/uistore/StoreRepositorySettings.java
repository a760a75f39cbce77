package io.ocelot.plugin.uistore;

import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.repo.RepositorySettingsStore;
import io.ocelot.plugin.store.AutoEnableStore;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.RepositorySettingsView;
import io.ocelot.plugin.ui.UserFacingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.List;
import java.util.Optional;

/**
 * {@link RepositorySettingsService} over the core's one settings model ({@link RepositorySettingsStore}): the page
 * and the API read and write the same REPO_CONFIG row the trigger path reads. The view carries secret names only;
 * values go in encrypted and come out only into a werker's job.
 */
@Named
public class StoreRepositorySettings implements RepositorySettingsService {
    private static final Logger log = LoggerFactory.getLogger(StoreRepositorySettings.class);
    private final RepositorySettingsStore store;
    private final AutoEnableStore autoEnable;
    private final RepositoryNames names;

    @Inject
    public StoreRepositorySettings(RepositorySettingsStore store, AutoEnableStore autoEnable, RepositoryNames names) {
        this.store = store;
        this.autoEnable = autoEnable;
        this.names = names;
    }

    @Override
    public RepositorySettingsView get(RepositoryName repository) {
        return names.resolve(repository).map(this::view).orElseGet(RepositorySettingsView::defaults);
    }

    private RepositorySettingsView view(RepositoryRef repo) {
        RepositorySettings s = store.get(repo);
        return new RepositorySettingsView(s.enabled(), s.werkerLabels(), s.buildTags(), s.buildPullRequests(),
                s.autoCancel(), s.buildGroup(), store.secretNames(repo), store.notificationTargets(repo));
    }

    @Override
    public RepositorySettingsView save(RepositoryName repository, RepositorySettingsView.Change change, String byUser) {
        RepositoryRef repo = names.resolve(repository)
                .orElseThrow(() -> UserFacingException.notFound("Repository " + repository + " does not exist."));
        store.save(new RepositorySettings(repo, change.enabled(), change.autoCancel(),
                        change.buildPullRequests(), change.buildTags(), change.werkerLabels(), change.buildGroup()),
                change.setSecrets(), change.removeSecrets(), change.slackWebhooks());
        // names of secrets only: their values never reach a log
        log.info("Ocelot settings of {} saved by {} (enabled={}, secrets set {}, removed {})", repository, byUser,
                change.enabled(), change.setSecrets().keySet(), change.removeSecrets());
        return view(repo);
    }

    @Override
    public List<RepositoryName> trackedRepositories() {
        return store.enabled().stream().map(s -> RepositoryNames.nameOf(s.repository())).toList();
    }

    @Override
    public boolean autoEnableGlobal() {
        return autoEnable.global();
    }

    @Override
    public void setAutoEnableGlobal(boolean enabled, String byUser) {
        autoEnable.setGlobal(enabled);
        log.info("Ocelot auto-enable default set to {} by {}", enabled, byUser);
    }

    @Override
    public Optional<Boolean> autoEnableForProject(String projectKey) {
        return autoEnable.project(projectKey);
    }

    @Override
    public void setAutoEnableForProject(String projectKey, Optional<Boolean> enabled, String byUser) {
        autoEnable.setProject(projectKey, enabled);
        log.info("Ocelot auto-enable for project {} set to {} by {}", projectKey,
                enabled.map(Object::toString).orElse("the global default"), byUser);
    }
}
