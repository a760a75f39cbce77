package io.ocelot.plugin.ui;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A repository's Ocelot settings as the settings port returns them: the view of the core's one persisted model
 * ({@link io.ocelot.plugin.repo.RepositorySettings} plus the secret names and notification targets kept with it). Secret VALUES are not here on purpose: the UI can
 * only learn their names (the job builder reads values through the core's own path). Notification targets carry
 * their URLs because the notifier needs them; the UI shows only their host.
 */
public record RepositorySettingsView(boolean enabled,
                                 List<String> werkerLabels,
                                 boolean buildTags,
                                 boolean buildPullRequests,
                                 boolean autoCancel,
                                 String buildGroup,
                                 SortedSet<String> secretNames,
                                 Map<String, URI> slackWebhooks) {
    public RepositorySettingsView {
        werkerLabels = List.copyOf(werkerLabels);
        secretNames = new TreeSet<>(secretNames);
        slackWebhooks = Map.copyOf(slackWebhooks);
    }

    /**
     * What a repository that was never configured has; the same as the core's
     * {@link io.ocelot.plugin.repo.RepositorySettings#disabled}: off, PR builds on, tag builds and auto-cancel off.
     */
    public static RepositorySettingsView defaults() {
        return new RepositorySettingsView(false, List.of(), false, true, false, null, new TreeSet<>(), Map.of());
    }

    /** The change a save makes: every field replaced except secrets (set/remove by name) and webhooks. */
    public record Change(boolean enabled,
                         List<String> werkerLabels,
                         boolean buildTags,
                         boolean buildPullRequests,
                         boolean autoCancel,
                         String buildGroup,
                         Map<String, String> setSecrets,
                         Set<String> removeSecrets,
                         Map<String, URI> slackWebhooks) {
        public Change {
            werkerLabels = List.copyOf(werkerLabels);
            setSecrets = Map.copyOf(setSecrets);
            removeSecrets = Set.copyOf(removeSecrets);
            slackWebhooks = Map.copyOf(slackWebhooks);
        }
    }
}
