package io.ocelot.plugin.ui;

/** Repository permission levels, each implying the ones before it (as in Bitbucket). */
public enum RepoPermission {
    REPO_READ, REPO_WRITE, REPO_ADMIN
}
