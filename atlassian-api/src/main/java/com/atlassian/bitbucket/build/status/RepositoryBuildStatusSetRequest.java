// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.bitbucket.build.status;

import com.atlassian.bitbucket.build.BuildState;
import com.atlassian.bitbucket.repository.Repository;

/**
 * UNVERIFIED: builder shape guessed from the REST field set (key, state, url required; name, description, ref,
 * parent, duration optional). Only OcelotBuildStatusAdapter names it.
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

    public static class Builder {
        private final Repository repository;
        private final String commitId;
        private final String key;
        private final BuildState state;
        private final String url;
        private String name;
        private String description;
        private String ref;
        private String parent;
        private Long duration;

        public Builder(Repository repository, String commitId, String key, BuildState state, String url) {
            this.repository = repository;
            this.commitId = commitId;
            this.key = key;
            this.state = state;
            this.url = url;
        }

        public Builder name(String name) { this.name = name; return this; }
        public Builder description(String description) { this.description = description; return this; }
        public Builder ref(String ref) { this.ref = ref; return this; }
        public Builder parent(String parent) { this.parent = parent; return this; }
        public Builder duration(Long duration) { this.duration = duration; return this; }

        public RepositoryBuildStatusSetRequest build() {
            return new RepositoryBuildStatusSetRequest(this);
        }
    }
}
