package com.atlassian.bitbucket.permission;

/** Compile-only declaration (atlassian-api-notes.md: the constants seen). */
public enum Permission {
    LICENSED_USER, PROJECT_VIEW, REPO_READ, REPO_WRITE, REPO_ADMIN, PROJECT_READ, PROJECT_WRITE, PROJECT_ADMIN,
    ADMIN, SYS_ADMIN
    // PROJECT_VIEW, PROJECT_READ, PROJECT_WRITE: UNVERIFIED (not used by Ocelot)
}
