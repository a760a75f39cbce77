package com.atlassian.bitbucket.build.test;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source (fields): the build status REST body's "testResults": {"successful", "failed", "skipped"}
 * (https://developer.atlassian.com/server/bitbucket/rest/v807/api-group-builds-and-deployments/, "Store a build
 * status"). Not confirmed: the Java package and the builder, see
 * docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public class TestResults {
    private final int successful;
    private final int failed;
    private final int skipped;

    private TestResults(Builder b) {
        successful = b.successful;
        failed = b.failed;
        skipped = b.skipped;
    }

    public int getSuccessful() { return successful; }
    public int getFailed() { return failed; }
    public int getSkipped() { return skipped; }

    public static class Builder {
        private int successful;
        private int failed;
        private int skipped;

        public Builder successful(int n) { successful = n; return this; }
        public Builder failed(int n) { failed = n; return this; }
        public Builder skipped(int n) { skipped = n; return this; }

        public TestResults build() { return new TestResults(this); }
    }
}
