package com.atlassian.bitbucket.repository;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.3.0/api/com/atlassian/bitbucket/repository/RefService.html
 * ({@code Branch getDefaultBranch(Repository)}, which throws NoDefaultBranchException when the branch is missing;
 * {@code Ref resolveRef(ResolveRefRequest)}).
 */
public interface RefService {
    Branch getDefaultBranch(Repository repository);

    Ref resolveRef(ResolveRefRequest request);
}
