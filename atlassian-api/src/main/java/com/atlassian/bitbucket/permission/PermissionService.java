package com.atlassian.bitbucket.permission;

import com.atlassian.bitbucket.project.Project;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.user.ApplicationUser;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/ParameterizedBuilds/parameterized-builds/blob/2a27ca579ac233bcc68ca886c41bd8578e25a7d3/src/main/java/com/kylenicholls/stash/parameterizedbuilds/conditions/BuildPermissionsCondition.java
 * ({@code hasRepositoryPermission(ApplicationUser, Repository, Permission)}) and
 * https://docs.atlassian.com/bitbucket-server/javadoc/8.4.0/api/com/atlassian/bitbucket/permission/PermissionService.html ({@code hasGlobalPermission(ApplicationUser, Permission)}).
 * The current-user overloads of hasRepositoryPermission and hasProjectPermission are listed under Not confirmed: see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public interface PermissionService {
    boolean hasRepositoryPermission(ApplicationUser user, Repository repository, Permission permission);

    boolean hasRepositoryPermission(Repository repository, Permission permission);

    boolean hasGlobalPermission(ApplicationUser user, Permission permission);

    boolean hasProjectPermission(Project project, Permission permission);
}
