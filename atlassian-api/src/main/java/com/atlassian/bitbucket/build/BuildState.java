package com.atlassian.bitbucket.build;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.4.0/api/com/atlassian/bitbucket/build/package-summary.html (the enum in this package);
 * constants from the REST state values in https://developer.atlassian.com/server/bitbucket/how-tos/updating-build-status-for-commits
 * (the Java constant names are inferred from them).
 */
public enum BuildState {
    SUCCESSFUL, FAILED, INPROGRESS, CANCELLED, UNKNOWN
}
