package com.atlassian.bitbucket.repository;

import java.util.Optional;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.3.0/api/com/atlassian/bitbucket/repository/ResolveRefRequest.html
 * (getters; {@code getRefId()} and {@code getType()} are {@code Optional}) and
 * https://docs.atlassian.com/bitbucket-server/javadoc/8.4.0/api/com/atlassian/bitbucket/repository/ResolveRefRequest.Builder.html
 * ({@code Builder(Repository)}, {@code refId(String)}, {@code type(RefType)}).
 */
public class ResolveRefRequest {
    private final Repository repository;
    private final String refId;
    private final RefType type;

    private ResolveRefRequest(Builder b) {
        this.repository = b.repository;
        this.refId = b.refId;
        this.type = b.type;
    }

    public Repository getRepository() {
        return repository;
    }

    public Optional<String> getRefId() {
        return Optional.ofNullable(refId);
    }

    public Optional<RefType> getType() {
        return Optional.ofNullable(type);
    }

    public static class Builder {
        private final Repository repository;
        private String refId;
        private RefType type;

        public Builder(Repository repository) {
            this.repository = repository;
        }

        public Builder refId(String refId) {
            this.refId = refId;
            return this;
        }

        public Builder type(RefType type) {
            this.type = type;
            return this;
        }

        public ResolveRefRequest build() {
            return new ResolveRefRequest(this);
        }
    }
}
