// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.commit;

import com.atlassian.bitbucket.repository.Repository;

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
