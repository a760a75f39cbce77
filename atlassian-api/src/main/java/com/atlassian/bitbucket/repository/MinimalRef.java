package com.atlassian.bitbucket.repository;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.5.0/api/com/atlassian/bitbucket/repository/Branch.html
 * (MinimalRef: {@code getDisplayId}, {@code getId}, {@code getType}) and https://github.com/atlassian-labs/atlassian-slack-integration-server/blob/94c50dce37981e8aca8f30188a6bb66504e1ce04/bitbucket-slack-server-integration-plugin/src/main/java/com/atlassian/bitbucket/plugins/slack/listener/BitbucketNotificationEventListener.java.
 */
public interface MinimalRef {
    String getId();

    String getDisplayId();

    RefType getType();
}
