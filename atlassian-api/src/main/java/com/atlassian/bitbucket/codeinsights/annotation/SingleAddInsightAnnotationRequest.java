package com.atlassian.bitbucket.codeinsights.annotation;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source (name and package): https://docs.atlassian.com/bitbucket-server/javadoc/6.8.1/code-insights-api/allclasses-noframe.html
 * (the code-insights-api javadoc; fields from the REST API, https://developer.atlassian.com/server/bitbucket/rest/v807/api-group-builds-and-deployments/).
 * Not confirmed: the constructor and method signatures, see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public class SingleAddInsightAnnotationRequest {
    private final Builder b;

    private SingleAddInsightAnnotationRequest(Builder b) {
        this.b = b;
    }

    public String getMessage() { return b.message; }
    public AnnotationSeverity getSeverity() { return b.severity; }
    public String getPath() { return b.path; }
    public int getLine() { return b.line; }
    public AnnotationType getType() { return b.type; }
    public String getExternalId() { return b.externalId; }
    public String getLink() { return b.link; }

    public static class Builder {
        private String message;
        private AnnotationSeverity severity;
        private String path;
        private int line;
        private AnnotationType type;
        private String externalId;
        private String link;

        public Builder message(String message) { this.message = message; return this; }
        public Builder severity(AnnotationSeverity severity) { this.severity = severity; return this; }
        public Builder path(String path) { this.path = path; return this; }
        public Builder line(int line) { this.line = line; return this; }
        public Builder type(AnnotationType type) { this.type = type; return this; }
        public Builder externalId(String externalId) { this.externalId = externalId; return this; }
        public Builder link(String link) { this.link = link; return this; }

        public SingleAddInsightAnnotationRequest build() { return new SingleAddInsightAnnotationRequest(this); }
    }
}
