package io.ocelot.plugin.ui;

import io.ocelot.core.api.UserApi;
import io.ocelot.plugin.ui.UserFacingException.Kind;

/**
 * The one place that decides whether the current request may go on, shared by the REST resources and the pages so
 * both answer the same: anonymous → UNAUTHENTICATED; no REPO_READ → NOT_FOUND "does not exist or you cannot see it"
 * (as Bitbucket does, so existence does not leak); read but not the level asked → FORBIDDEN; then, for everything but
 * the settings themselves, a repository where Ocelot is off → NOT_FOUND "PROJECT/repo is not tracked by Ocelot".
 * Permission comes first so the tracked state does not leak either.
 */
public final class AccessGuard {
    private final UserPermissions permissions;
    private final RepositorySettingsService settings;

    public AccessGuard(UserPermissions permissions, RepositorySettingsService settings) {
        this.permissions = permissions;
        this.settings = settings;
    }

    /** The signed-in user's name. */
    public String requireUser() {
        return permissions.currentUser().orElseThrow(() ->
                new UserFacingException(Kind.UNAUTHENTICATED, "Sign in to Bitbucket (or send a personal access token as 'Authorization: Bearer')."));
    }

    /** Permission check without the tracked check: for the settings page, settings, watch. Returns the user. */
    public String requireRepository(RepositoryName repository, RepoPermission permission) {
        String user = requireUser();
        if (!permissions.hasRepositoryPermission(repository, RepoPermission.REPO_READ)) {
            throw new UserFacingException(Kind.NOT_FOUND,
                    "Repository " + repository + " does not exist or you do not have permission to see it.");
        }
        if (permission != RepoPermission.REPO_READ && !permissions.hasRepositoryPermission(repository, permission)) {
            throw new UserFacingException(Kind.FORBIDDEN,
                    "You need " + permission + " permission on " + repository + " to do this.");
        }
        return user;
    }

    /** Permission check, then the repository must be tracked. Returns the user. */
    public String requireTracked(RepositoryName repository, RepoPermission permission) {
        String user = requireRepository(repository, permission);
        requireTracked(repository);
        return user;
    }

    public void requireTracked(RepositoryName repository) {
        if (!settings.get(repository).enabled()) {
            throw UserFacingException.notFound(UserApi.notTracked(repository.projectKey(), repository.slug()));
        }
    }

    /** For a build list across repositories: readable without an exception. */
    public boolean canRead(RepositoryName repository) {
        return permissions.currentUser().isPresent()
                && permissions.hasRepositoryPermission(repository, RepoPermission.REPO_READ);
    }

    public boolean hasRepositoryPermission(RepositoryName repository, RepoPermission permission) {
        return permissions.currentUser().isPresent() && permissions.hasRepositoryPermission(repository, permission);
    }

    public String requireProjectAdmin(String projectKey) {
        String user = requireUser();
        if (!permissions.isProjectAdmin(projectKey)) {
            throw new UserFacingException(Kind.FORBIDDEN, "You need PROJECT_ADMIN permission on project " + projectKey + " to do this.");
        }
        return user;
    }

    public boolean isProjectAdmin(String projectKey) {
        return permissions.currentUser().isPresent() && permissions.isProjectAdmin(projectKey);
    }

    public String requireAdmin() {
        String user = requireUser();
        if (!permissions.isAdmin()) {
            throw new UserFacingException(Kind.FORBIDDEN, "You need ADMIN permission to do this.");
        }
        return user;
    }

    public boolean isAdmin() {
        return permissions.currentUser().isPresent() && permissions.isAdmin();
    }
}
