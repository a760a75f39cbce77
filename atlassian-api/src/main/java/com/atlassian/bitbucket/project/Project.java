package com.atlassian.bitbucket.project;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/atlassian-labs/atlassian-slack-integration-server/blob/94c50dce37981e8aca8f30188a6bb66504e1ce04/bitbucket-slack-server-integration-plugin/src/main/java/com/atlassian/bitbucket/plugins/slack/rest/RepositoryToChannelResource.java ({@code getKey()}) and
 * https://github.com/ParameterizedBuilds/parameterized-builds/blob/2a27ca579ac233bcc68ca886c41bd8578e25a7d3/src/main/java/com/kylenicholls/stash/parameterizedbuilds/ciserver/Jenkins.java ({@code getName()}). {@code getId()} is listed under Not confirmed: see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public interface Project {
    int getId();

    String getKey();

    String getName();
}
