package com.atlassian.bitbucket.event.repository;

import com.atlassian.bitbucket.repository.RefChange;
import com.atlassian.bitbucket.repository.Repository;

import java.util.Collection;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/atlassian-labs/atlassian-slack-integration-server/blob/94c50dce37981e8aca8f30188a6bb66504e1ce04/bitbucket-slack-server-integration-plugin/src/main/java/com/atlassian/bitbucket/plugins/slack/listener/BitbucketNotificationEventListener.java
 * ({@code getRepository()}, {@code getRefChanges()}) and https://github.com/mohamicorp/stash-jenkins-postreceive-webhook/blob/d0a07ce1918aa9dee6e9c67a2f40cf42c8c97208/src/main/java/com/nerdwin15/stash/webhook/RepositoryChangeListener.java (an interface).
 */
public interface RepositoryRefsChangedEvent {
    Repository getRepository();

    Collection<RefChange> getRefChanges();
}
