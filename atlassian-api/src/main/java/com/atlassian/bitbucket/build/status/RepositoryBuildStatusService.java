package com.atlassian.bitbucket.build.status;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source (name only): https://docs.atlassian.com/bitbucket-server/javadoc/7.17.0/api/com/atlassian/bitbucket/build/BuildStatusService.html
 * ("use RepositoryBuildStatusService"). Not confirmed: see docs/bitbucket-api.md#not-confirmed-from-public-sources
 * (the package, and {@code set(RepositoryBuildStatusSetRequest)}, modelled on the 7.x
 * {@code BuildStatusService.set(BuildStatusSetRequest)}).
 */
public interface RepositoryBuildStatusService {
    void set(RepositoryBuildStatusSetRequest request);
}
