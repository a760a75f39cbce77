package com.atlassian.bitbucket.content;

import com.atlassian.bitbucket.repository.Repository;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/8.19.0/api/com/atlassian/bitbucket/content/ChangesRequest.Builder.html
 * and https://docs.atlassian.com/bitbucket-server/javadoc/7.5.0/api/com/atlassian/bitbucket/content/ChangesRequest.html (getters).
 */
public class ChangesRequest {
    private final Repository repository;
    private final String untilId;
    private final String sinceId;

    private ChangesRequest(Builder b) {
        this.repository = b.repository;
        this.untilId = b.untilId;
        this.sinceId = b.sinceId;
    }

    public Repository getRepository() {
        return repository;
    }

    public String getUntilId() {
        return untilId;
    }

    public String getSinceId() {
        return sinceId;
    }

    public static class Builder {
        private final Repository repository;
        private final String untilId;
        private String sinceId;

        public Builder(Repository repository, String untilId) {
            this.repository = repository;
            this.untilId = untilId;
        }

        public Builder sinceId(String sinceId) {
            this.sinceId = sinceId;
            return this;
        }

        public ChangesRequest build() {
            return new ChangesRequest(this);
        }
    }
}
