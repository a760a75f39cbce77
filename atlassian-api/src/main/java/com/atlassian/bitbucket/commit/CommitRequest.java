package com.atlassian.bitbucket.commit;

import com.atlassian.bitbucket.repository.Repository;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/atlassian-labs/atlassian-slack-integration-server/blob/94c50dce37981e8aca8f30188a6bb66504e1ce04/bitbucket-slack-server-integration-plugin/src/main/java/com/atlassian/bitbucket/plugins/slack/notification/renderer/SlackNotificationRenderer.java
 * ({@code new CommitRequest.Builder(repository, commitId).build()}).
 */
public class CommitRequest {
    private final Repository repository;
    private final String commitId;

    private CommitRequest(Builder builder) {
        this.repository = builder.repository;
        this.commitId = builder.commitId;
    }

    public Repository getRepository() {
        return repository;
    }

    public String getCommitId() {
        return commitId;
    }

    public static class Builder {
        private final Repository repository;
        private final String commitId;

        public Builder(Repository repository, String commitId) {
            this.repository = repository;
            this.commitId = commitId;
        }

        public CommitRequest build() {
            return new CommitRequest(this);
        }
    }
}
