package com.atlassian.scheduler.config;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/atlassian-scheduler-api/1.6.0/atlassian-scheduler-api/apidocs/com/atlassian/scheduler/config/package-summary.html (the class). {@code JobId.of(String)} is listed under Not confirmed: see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
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
