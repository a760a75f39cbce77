// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.bitbucket.build.status;

/** UNVERIFIED: no public source shows this signature. Only OcelotBuildStatusAdapter names it. */
public interface RepositoryBuildStatusService {
    void set(RepositoryBuildStatusSetRequest request);
}
