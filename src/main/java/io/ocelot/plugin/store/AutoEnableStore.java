package io.ocelot.plugin.store;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Optional;

/**
 * Whether Ocelot switches itself on for a repository never configured when an ocelot.yml appears in it: a global
 * default (admins) and a per-project choice (project admins) that overrides it. Kept in the global SETTING table.
 */
@Named
public class AutoEnableStore {
    static final String GLOBAL_KEY = "autoEnable.global";
    static final String PROJECT_PREFIX = "autoEnable.project.";
    private final SettingStore settings;

    @Inject
    public AutoEnableStore(SettingStore settings) {
        this.settings = settings;
    }

    public boolean global() {
        return settings.get(GLOBAL_KEY).map(Boolean::parseBoolean).orElse(false);
    }

    public void setGlobal(boolean enabled) {
        settings.put(GLOBAL_KEY, Boolean.toString(enabled));
    }

    /** The project's own choice; empty: it follows the global default. */
    public Optional<Boolean> project(String projectKey) {
        return settings.get(PROJECT_PREFIX + projectKey).map(Boolean::parseBoolean);
    }

    public void setProject(String projectKey, Optional<Boolean> enabled) {
        if (enabled.isPresent()) {
            settings.put(PROJECT_PREFIX + projectKey, enabled.get().toString());
        } else {
            settings.remove(PROJECT_PREFIX + projectKey);
        }
    }

    /** What applies to a repository of this project: the project's choice, else the global default. */
    public boolean appliesTo(String projectKey) {
        return project(projectKey).orElseGet(this::global);
    }
}
