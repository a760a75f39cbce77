package com.atlassian.bitbucket.codeinsights.report;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source (name and package): https://docs.atlassian.com/bitbucket-server/javadoc/6.8.1/code-insights-api/allclasses-noframe.html
 * (the code-insights-api javadoc; fields from the REST API, https://developer.atlassian.com/server/bitbucket/rest/v807/api-group-builds-and-deployments/).
 * Not confirmed: the constructor and method signatures, see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public class InsightReportData {
    private final Builder b;

    private InsightReportData(Builder b) {
        this.b = b;
    }

    public String getTitle() { return b.title; }
    public InsightDataType getType() { return b.type; }
    public Object getValue() { return b.value; }

    public static class Builder {
        private final String title;
        private final InsightDataType type;
        private Object value;

        public Builder(String title, InsightDataType type) {
            this.title = title;
            this.type = type;
        }

        public Builder value(Object value) { this.value = value; return this; }

        public InsightReportData build() { return new InsightReportData(this); }
    }
}
