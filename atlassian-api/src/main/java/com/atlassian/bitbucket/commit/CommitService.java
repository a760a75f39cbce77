// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.commit;

import com.atlassian.bitbucket.content.ChangeCallback;
import com.atlassian.bitbucket.content.ChangesRequest;

public interface CommitService {
    Commit getCommit(CommitRequest request);

    void streamChanges(ChangesRequest request, ChangeCallback callback);

    /** UNVERIFIED name and signature (the notes: "streamCommits(CommitsBetweenRequest, CommitCallback)"). */
    void streamCommits(CommitsBetweenRequest request, CommitCallback callback);
}
