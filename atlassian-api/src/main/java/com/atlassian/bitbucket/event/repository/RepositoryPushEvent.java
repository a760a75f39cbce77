package com.atlassian.bitbucket.event.repository;

import com.atlassian.bitbucket.user.ApplicationUser;

import java.util.Date;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/atlassian-labs/atlassian-slack-integration-server/blob/94c50dce37981e8aca8f30188a6bb66504e1ce04/bitbucket-slack-server-integration-plugin/src/main/java/com/atlassian/bitbucket/plugins/slack/notification/RepositoryNotificationTypes.java (a RepositoryRefsChangedEvent that
 * BitbucketNotificationEventListener receives) and https://github.com/sourcegraph/bitbucket-server-plugin/blob/23fa2a7aae4fcb102b6fdfc3acb5627c2274e6ad/src/main/java/com/sourcegraph/webhook/EventSerializer.java
 * ({@code getUser()}, {@code getDate()} come from ApplicationEvent; declared here directly).
 */
public abstract class RepositoryPushEvent implements RepositoryRefsChangedEvent {
    public abstract ApplicationUser getUser();

    public abstract Date getDate();
}
