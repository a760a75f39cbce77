// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.bitbucket.commit;

import com.atlassian.bitbucket.repository.Repository;

import java.util.Set;

/** UNVERIFIED: builder methods include(String...) / exclude(String...) are from memory. */
public class CommitsBetweenRequest {
    private final Repository repository;
    private final Set<String> includes;
    private final Set<String> excludes;

    private CommitsBetweenRequest(Builder b) {
        this.repository = b.repository;
        this.includes = Set.copyOf(b.includes);
        this.excludes = Set.copyOf(b.excludes);
    }

    public Repository getRepository() {
        return repository;
    }

    public Set<String> getIncludes() {
        return includes;
    }

    public Set<String> getExcludes() {
        return excludes;
    }

    public static class Builder {
        private final Repository repository;
        private final java.util.List<String> includes = new java.util.ArrayList<>();
        private final java.util.List<String> excludes = new java.util.ArrayList<>();

        public Builder(Repository repository) {
            this.repository = repository;
        }

        public Builder include(String... ids) {
            includes.addAll(java.util.List.of(ids));
            return this;
        }

        public Builder exclude(String... ids) {
            excludes.addAll(java.util.List.of(ids));
            return this;
        }

        public CommitsBetweenRequest build() {
            return new CommitsBetweenRequest(this);
        }
    }
}
