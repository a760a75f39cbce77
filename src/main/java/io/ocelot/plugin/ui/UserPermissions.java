package io.ocelot.plugin.ui;

import io.ocelot.plugin.bitbucket.BitbucketUserPermissions;

import java.util.Optional;

/**
 * What the CURRENT user (the one the request runs as) may do. The in-process adapter asks Bitbucket
 * ({@link BitbucketUserPermissions}); tests use an in-memory one. A repository that does not exist grants nothing.
 */
public interface UserPermissions {
    /** The user name of the signed-in user, empty for an anonymous request. */
    Optional<String> currentUser();

    boolean hasRepositoryPermission(RepositoryName repository, RepoPermission permission);

    /** PROJECT_ADMIN on the project (or higher). */
    boolean isProjectAdmin(String projectKey);

    /** Global ADMIN (or SYS_ADMIN). */
    boolean isAdmin();
}
