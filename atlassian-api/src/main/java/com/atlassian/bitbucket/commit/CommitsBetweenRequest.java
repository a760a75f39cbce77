package com.atlassian.bitbucket.commit;

import com.atlassian.bitbucket.repository.Repository;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/8.4.0/api/com/atlassian/bitbucket/commit/CommitsBetweenRequest.Builder.html
 * ({@code Builder(Repository)}, {@code include(String, String...)}, {@code exclude(String, String...)}; same builder
 * in 10.0.0).
 */
public class CommitsBetweenRequest {
    private final Repository repository;
    private final Set<String> includes;
    private final Set<String> excludes;

    private CommitsBetweenRequest(Builder b) {
        this.repository = b.repository;
        this.includes = new LinkedHashSet<>(b.includes);
        this.excludes = new LinkedHashSet<>(b.excludes);
    }

    public Repository getRepository() {
        return repository;
    }

    /** Used by the tests' stand-in only (same javadoc page: {@code getIncludes()}, {@code getExcludes()}). */
    public Set<String> getIncludes() {
        return includes;
    }

    public Set<String> getExcludes() {
        return excludes;
    }

    public static class Builder {
        private final Repository repository;
        private final List<String> includes = new ArrayList<>();
        private final List<String> excludes = new ArrayList<>();

        public Builder(Repository repository) {
            this.repository = repository;
        }

        public Builder include(String value, String... values) {
            includes.add(value);
            includes.addAll(List.of(values));
            return this;
        }

        public Builder exclude(String value, String... values) {
            excludes.add(value);
            excludes.addAll(List.of(values));
            return this;
        }

        public CommitsBetweenRequest build() {
            return new CommitsBetweenRequest(this);
        }
    }
}
