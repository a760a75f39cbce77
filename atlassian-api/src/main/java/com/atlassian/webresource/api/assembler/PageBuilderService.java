package com.atlassian.webresource.api.assembler;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/atlassian-labs/atlassian-slack-integration-server/blob/94c50dce37981e8aca8f30188a6bb66504e1ce04/bitbucket-slack-server-integration-plugin/src/main/java/com/atlassian/bitbucket/plugins/slack/notification/configuration/web/SlackRepoSettingsServlet.java
 * ({@code assembler().resources().requireContext(String)}).
 */
public interface PageBuilderService {
    WebResourceAssembler assembler();
}
