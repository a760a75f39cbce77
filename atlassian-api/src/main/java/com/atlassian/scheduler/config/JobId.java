// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.scheduler.config;

public final class JobId {
    private final String id;

    private JobId(String id) {
        this.id = id;
    }

    public static JobId of(String id) {
        return new JobId(id);
    }

    @Override
    public String toString() {
        return id;
    }
}
