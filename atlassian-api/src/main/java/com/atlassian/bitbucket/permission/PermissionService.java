package com.atlassian.bitbucket.permission;

import com.atlassian.bitbucket.project.Project;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.user.ApplicationUser;

/** Compile-only declaration (atlassian-api-notes.md). */
public interface PermissionService {
    boolean hasRepositoryPermission(ApplicationUser user, Repository repository, Permission permission);

    boolean hasRepositoryPermission(Repository repository, Permission permission);

    boolean hasGlobalPermission(ApplicationUser user, Permission permission);

    // UNVERIFIED: not in the notes; believed to exist with this signature (current user).
    boolean hasProjectPermission(Project project, Permission permission);
}
