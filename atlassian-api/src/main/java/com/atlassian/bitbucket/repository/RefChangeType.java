package com.atlassian.bitbucket.repository;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/atlassian-labs/atlassian-slack-integration-server/blob/94c50dce37981e8aca8f30188a6bb66504e1ce04/bitbucket-slack-server-integration-plugin/src/main/java/com/atlassian/bitbucket/plugins/slack/notification/renderer/SlackNotificationRenderer.java (DELETE, UPDATE; ADD through
 * the {@code slack.activity.commit.branch.add} message key built from {@code getType().name()}).
 */
public enum RefChangeType {
    ADD, DELETE, UPDATE
}
