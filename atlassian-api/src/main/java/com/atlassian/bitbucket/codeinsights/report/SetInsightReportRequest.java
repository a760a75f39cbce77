package com.atlassian.bitbucket.codeinsights.report;

import com.atlassian.bitbucket.repository.Repository;

import java.util.List;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source (name and package): https://docs.atlassian.com/bitbucket-server/javadoc/6.8.1/code-insights-api/allclasses-noframe.html
 * (the code-insights-api javadoc; fields from the REST API, https://developer.atlassian.com/server/bitbucket/rest/v807/api-group-builds-and-deployments/).
 * Not confirmed: the constructor and method signatures, see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public class SetInsightReportRequest {
    private final Builder b;

    private SetInsightReportRequest(Builder b) {
        this.b = b;
    }

    public Repository getRepository() { return b.repository; }
    public String getCommitId() { return b.commitId; }
    public String getKey() { return b.key; }
    public String getTitle() { return b.title; }
    public String getDetails() { return b.details; }
    public InsightResult getResult() { return b.result; }
    public List<InsightReportData> getData() { return b.data; }
    public String getLink() { return b.link; }
    public String getReporter() { return b.reporter; }

    public static class Builder {
        private final Repository repository;
        private final String commitId;
        private final String key;
        private String title;
        private String details;
        private InsightResult result;
        private List<InsightReportData> data = List.of();
        private String link;
        private String reporter;

        public Builder(Repository repository, String commitId, String key) {
            this.repository = repository;
            this.commitId = commitId;
            this.key = key;
        }

        public Builder title(String title) { this.title = title; return this; }
        public Builder details(String details) { this.details = details; return this; }
        public Builder result(InsightResult result) { this.result = result; return this; }
        public Builder data(Iterable<InsightReportData> data) {
            java.util.List<InsightReportData> l = new java.util.ArrayList<>();
            data.forEach(l::add);
            this.data = List.copyOf(l);
            return this;
        }
        public Builder link(String link) { this.link = link; return this; }
        public Builder reporter(String reporter) { this.reporter = reporter; return this; }

        public SetInsightReportRequest build() { return new SetInsightReportRequest(this); }
    }
}
