package com.atlassian.bitbucket.commit;

import com.atlassian.bitbucket.content.ChangeCallback;
import com.atlassian.bitbucket.content.ChangesRequest;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/7.21.0/api/com/atlassian/bitbucket/commit/CommitService.html
 * ({@code getCommit(CommitRequest)}, {@code streamChanges(ChangesRequest, ChangeCallback)}; {@code streamCommits}
 * takes a {@code CommitsRequest} or {@code BulkCommitsRequest}, never a {@code CommitsBetweenRequest}).
 * {@link #streamCommitsBetween} is listed under Not confirmed: see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public interface CommitService {
    Commit getCommit(CommitRequest request);

    void streamChanges(ChangesRequest request, ChangeCallback callback);

    void streamCommitsBetween(CommitsBetweenRequest request, CommitCallback callback);
}
