package com.atlassian.bitbucket.event.pull;

import com.atlassian.bitbucket.pull.PullRequest;
import com.atlassian.bitbucket.user.ApplicationUser;

import java.util.Date;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/atlassian-labs/atlassian-slack-integration-server/blob/94c50dce37981e8aca8f30188a6bb66504e1ce04/bitbucket-slack-server-integration-plugin/src/main/java/com/atlassian/bitbucket/plugins/slack/listener/BitbucketNotificationEventListener.java ({@code getPullRequest()}),
 * https://github.com/mohamicorp/stash-jenkins-postreceive-webhook/blob/d0a07ce1918aa9dee6e9c67a2f40cf42c8c97208/src/main/java/com/nerdwin15/stash/webhook/PullRequestEventListener.java ({@code getUser()}), https://github.com/sourcegraph/bitbucket-server-plugin/blob/23fa2a7aae4fcb102b6fdfc3acb5627c2274e6ad/src/main/java/com/sourcegraph/webhook/EventSerializer.java
 * ({@code getDate()}, {@code getUser()} on ApplicationEvent). The real class is concrete; abstract here for mocking.
 */
public abstract class PullRequestEvent {
    public abstract PullRequest getPullRequest();

    public abstract ApplicationUser getUser();

    public abstract Date getDate();
}
