package com.atlassian.bitbucket.codeinsights.annotation;

import com.atlassian.bitbucket.repository.Repository;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source (name and package): https://docs.atlassian.com/bitbucket-server/javadoc/6.8.1/code-insights-api/allclasses-noframe.html
 * (the code-insights-api javadoc; fields from the REST API, https://developer.atlassian.com/server/bitbucket/rest/v807/api-group-builds-and-deployments/).
 * Not confirmed: the constructor and method signatures, see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public class DeleteAnnotationRequest {
    private final Builder b;

    private DeleteAnnotationRequest(Builder b) {
        this.b = b;
    }

    public Repository getRepository() { return b.repository; }
    public String getCommitId() { return b.commitId; }
    public String getReportKey() { return b.reportKey; }

    public static class Builder {
        private final Repository repository;
        private final String commitId;
        private final String reportKey;

        public Builder(Repository repository, String commitId, String reportKey) {
            this.repository = repository;
            this.commitId = commitId;
            this.reportKey = reportKey;
        }

        public DeleteAnnotationRequest build() { return new DeleteAnnotationRequest(this); }
    }
}
