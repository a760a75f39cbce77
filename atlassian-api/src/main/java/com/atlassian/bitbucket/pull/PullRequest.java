package com.atlassian.bitbucket.pull;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/atlassian-labs/atlassian-slack-integration-server/blob/94c50dce37981e8aca8f30188a6bb66504e1ce04/bitbucket-slack-server-integration-plugin/src/main/java/com/atlassian/bitbucket/plugins/slack/listener/UnfurlLinkExtractor.java ({@code getId()} as a long, {@code getFromRef()})
 * and https://github.com/atlassian-labs/atlassian-slack-integration-server/blob/94c50dce37981e8aca8f30188a6bb66504e1ce04/bitbucket-slack-server-integration-plugin/src/main/java/com/atlassian/bitbucket/plugins/slack/notification/renderer/SlackUnfurlRenderer.java ({@code getTitle()}, {@code getFromRef()}).
 */
public interface PullRequest {
    long getId();

    PullRequestRef getFromRef();

    PullRequestRef getToRef();

    String getTitle();
}
