package com.atlassian.bitbucket.repository;

/**
 * Compile-only declaration. UNVERIFIED signatures (only BitbucketRepositoryRefs uses them): {@code getDefaultBranch}
 * (throws when the repository has none), {@code resolveRef} (null when there is no such ref).
 */
public interface RefService {
    Branch getDefaultBranch(Repository repository);

    Ref resolveRef(ResolveRefRequest request);
}
