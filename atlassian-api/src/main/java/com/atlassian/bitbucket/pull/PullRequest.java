// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.pull;

public interface PullRequest {
    long getId();

    PullRequestRef getFromRef();

    PullRequestRef getToRef();

    String getTitle();
}
