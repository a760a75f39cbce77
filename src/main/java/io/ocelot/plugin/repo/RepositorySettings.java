package io.ocelot.plugin.repo;

import java.util.List;

/**
 * Ocelot's switches for one repository: the one settings model, read by the trigger path and shown (with the secret
 * names and notification targets kept beside it, see {@link RepositorySettingsStore}) on the settings page and API.
 * {@code autoCancel}: a newer commit on a branch or PR cancels older queued and running builds of it.
 * {@code werkerLabels}: labels a werker must all carry to build the repository (empty: any). {@code buildGroup}:
 * a name shared by repositories listed together, null for none. Deleted refs are never built.
 */
public record RepositorySettings(RepositoryRef repository, boolean enabled, boolean autoCancel,
                                 boolean buildPullRequests, boolean buildTags, List<String> werkerLabels,
                                 String buildGroup) {
    public RepositorySettings {
        werkerLabels = werkerLabels == null ? List.of() : List.copyOf(werkerLabels);
    }

    /** Settings without werker labels and build group. */
    public RepositorySettings(RepositoryRef repository, boolean enabled, boolean autoCancel, boolean buildPullRequests,
                              boolean buildTags) {
        this(repository, enabled, autoCancel, buildPullRequests, buildTags, List.of(), null);
    }

    /** What a repository never configured has: off; PR builds on, tag builds and auto-cancel off. */
    public static RepositorySettings disabled(RepositoryRef repository) {
        return new RepositorySettings(repository, false, false, true, false);
    }

    public static RepositorySettings enabledWithDefaults(RepositoryRef repository) {
        return new RepositorySettings(repository, true, false, true, false);
    }

    public RepositorySettings withEnabled(boolean on) {
        return new RepositorySettings(repository, on, autoCancel, buildPullRequests, buildTags, werkerLabels, buildGroup);
    }

    public RepositorySettings withAutoCancel(boolean on) {
        return new RepositorySettings(repository, enabled, on, buildPullRequests, buildTags, werkerLabels, buildGroup);
    }

    public RepositorySettings withBuildTags(boolean on) {
        return new RepositorySettings(repository, enabled, autoCancel, buildPullRequests, on, werkerLabels, buildGroup);
    }

    public RepositorySettings withBuildPullRequests(boolean on) {
        return new RepositorySettings(repository, enabled, autoCancel, on, buildTags, werkerLabels, buildGroup);
    }

    public RepositorySettings withWerkerLabels(List<String> labels) {
        return new RepositorySettings(repository, enabled, autoCancel, buildPullRequests, buildTags, labels, buildGroup);
    }

    public RepositorySettings withBuildGroup(String group) {
        return new RepositorySettings(repository, enabled, autoCancel, buildPullRequests, buildTags, werkerLabels, group);
    }
}
