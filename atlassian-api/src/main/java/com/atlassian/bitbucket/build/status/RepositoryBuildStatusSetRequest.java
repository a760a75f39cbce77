package com.atlassian.bitbucket.build.status;

import com.atlassian.bitbucket.build.BuildState;
import com.atlassian.bitbucket.repository.Repository;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source (name only): https://docs.atlassian.com/bitbucket-server/javadoc/7.21.0/api/com/atlassian/bitbucket/build/BuildStatusSetRequest.html
 * ("use RepositoryBuildStatusSetRequest instead"). Not confirmed: see
 * docs/bitbucket-api.md#not-confirmed-from-public-sources (the package, and the builder: repository and commit in
 * the constructor, the REST field set as setter-style methods, modelled on the 7.21.0 BuildStatusSetRequest.Builder
 * whose key/state/url/name/description are setters).
 */
public class RepositoryBuildStatusSetRequest {
    private final Builder b;

    private RepositoryBuildStatusSetRequest(Builder b) {
        this.b = b;
    }

    public Repository getRepository() { return b.repository; }
    public String getCommitId() { return b.commitId; }
    public String getKey() { return b.key; }
    public BuildState getState() { return b.state; }
    public String getUrl() { return b.url; }
    public String getName() { return b.name; }
    public String getDescription() { return b.description; }
    public String getRef() { return b.ref; }
    public String getParent() { return b.parent; }
    public Long getDuration() { return b.duration; }
    public String getBuildNumber() { return b.buildNumber; }
    public com.atlassian.bitbucket.build.test.TestResults getTestResults() { return b.testResults; }

    public static class Builder {
        private final Repository repository;
        private final String commitId;
        private String key;
        private BuildState state;
        private String url;
        private String name;
        private String description;
        private String ref;
        private String parent;
        private Long duration;
        private String buildNumber;
        private com.atlassian.bitbucket.build.test.TestResults testResults;

        public Builder(Repository repository, String commitId) {
            this.repository = repository;
            this.commitId = commitId;
        }

        public Builder key(String key) { this.key = key; return this; }
        public Builder state(BuildState state) { this.state = state; return this; }
        public Builder url(String url) { this.url = url; return this; }
        public Builder name(String name) { this.name = name; return this; }
        public Builder description(String description) { this.description = description; return this; }
        public Builder ref(String ref) { this.ref = ref; return this; }
        public Builder parent(String parent) { this.parent = parent; return this; }
        public Builder duration(Long duration) { this.duration = duration; return this; }
        public Builder buildNumber(String buildNumber) { this.buildNumber = buildNumber; return this; }
        /** Not confirmed (docs/bitbucket-api.md): the REST body's testResults as a setter of the builder. */
        public Builder testResults(com.atlassian.bitbucket.build.test.TestResults testResults) { this.testResults = testResults; return this; }

        public RepositoryBuildStatusSetRequest build() {
            return new RepositoryBuildStatusSetRequest(this);
        }
    }
}
