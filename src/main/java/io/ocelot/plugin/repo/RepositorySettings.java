package io.ocelot.plugin.repo;

/**
 * Ocelot's switches for one repository. {@code autoCancel}: a newer commit on a branch or PR cancels older queued
 * and running builds of it. Deleted refs are never built (there is no commit to build).
 */
public record RepositorySettings(RepositoryRef repository, boolean enabled, boolean autoCancel,
                                 boolean buildPullRequests, boolean buildTags) {
    public static RepositorySettings disabled(RepositoryRef repository) {
        return new RepositorySettings(repository, false, false, true, false);
    }

    public static RepositorySettings enabledWithDefaults(RepositoryRef repository) {
        return new RepositorySettings(repository, true, false, true, false);
    }

    public RepositorySettings withAutoCancel(boolean on) {
        return new RepositorySettings(repository, enabled, on, buildPullRequests, buildTags);
    }

    public RepositorySettings withBuildTags(boolean on) {
        return new RepositorySettings(repository, enabled, autoCancel, buildPullRequests, on);
    }

    public RepositorySettings withBuildPullRequests(boolean on) {
        return new RepositorySettings(repository, enabled, autoCancel, on, buildTags);
    }
}
