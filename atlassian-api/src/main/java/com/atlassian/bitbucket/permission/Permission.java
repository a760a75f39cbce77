package com.atlassian.bitbucket.permission;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/6.10.0/api/com/atlassian/bitbucket/permission/Permission.html (all constants) and
 * https://docs.atlassian.com/bitbucket-server/javadoc/9.3.0/api/com/atlassian/bitbucket/permission/Permission.html (USER_ADMIN, PROJECT_VIEW, REPO_READ in 9.x).
 */
public enum Permission {
    LICENSED_USER, PROJECT_VIEW, PROJECT_CREATE, REPO_READ, REPO_WRITE, REPO_ADMIN, PROJECT_READ, PROJECT_WRITE,
    PROJECT_ADMIN, ADMIN, SYS_ADMIN, USER_ADMIN
}
