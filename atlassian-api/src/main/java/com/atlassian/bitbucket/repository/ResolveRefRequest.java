package com.atlassian.bitbucket.repository;

/** Compile-only declaration. UNVERIFIED (only BitbucketRepositoryRefs uses it). */
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

    public String getRefId() {
        return refId;
    }

    public RefType getType() {
        return type;
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
