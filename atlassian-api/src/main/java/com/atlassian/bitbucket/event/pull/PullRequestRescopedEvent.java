package com.atlassian.bitbucket.event.pull;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/atlassian-labs/atlassian-slack-integration-server/blob/94c50dce37981e8aca8f30188a6bb66504e1ce04/bitbucket-slack-server-integration-plugin/src/main/java/com/atlassian/bitbucket/plugins/slack/notification/PullRequestNotificationTypes.java (the class) and
 * https://github.com/ParameterizedBuilds/parameterized-builds/blob/2a27ca579ac233bcc68ca886c41bd8578e25a7d3/src/main/java/com/kylenicholls/stash/parameterizedbuilds/PullRequestHook.java ({@code getPreviousFromHash()}) and
 * https://github.com/tomasbjerre/pull-request-notifier-for-bitbucket/blob/d8a31bd9402b1063f77cb723f494ee330299a961/src/main/java/se/bjurr/prnfb/listener/PrnfbPullRequestAction.java
 * ({@code getPreviousToHash()}, compared with {@code getToRef().getLatestCommit()} to tell a target rescope).
 */
public abstract class PullRequestRescopedEvent extends PullRequestEvent {
    public abstract String getPreviousFromHash();

    public abstract String getPreviousToHash();
}
