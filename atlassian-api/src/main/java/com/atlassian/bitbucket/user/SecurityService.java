package com.atlassian.bitbucket.user;

import com.atlassian.bitbucket.permission.Permission;

/**
 * Compile-only declaration: how a plugin runs work that is not on a user's request (its own threads, scheduler
 * jobs, anonymous REST calls) with the permissions that work needs. {@code resource} is a Repository or Project.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.3.0/api/com/atlassian/bitbucket/user/SecurityService.html
 */
public interface SecurityService {
    EscalatedSecurityContext withPermission(Permission permission, String reason);

    EscalatedSecurityContext withPermission(Permission permission, Object resource, String reason);

    EscalatedSecurityContext impersonating(ApplicationUser user, String reason);
}
