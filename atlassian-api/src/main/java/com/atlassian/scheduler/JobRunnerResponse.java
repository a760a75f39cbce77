package com.atlassian.scheduler;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/atlassian-scheduler-api/1.6.0/atlassian-scheduler-api/apidocs/com/atlassian/scheduler/class-use/JobRunnerResponse.html
 * (static {@code success()}, {@code success(String)}, {@code failed(String)}, {@code failed(Throwable)},
 * {@code aborted(String)}).
 */
public final class JobRunnerResponse {
    private JobRunnerResponse() {
    }

    public static JobRunnerResponse success() {
        return new JobRunnerResponse();
    }

    public static JobRunnerResponse success(String message) {
        return new JobRunnerResponse();
    }

    public static JobRunnerResponse failed(String message) {
        return new JobRunnerResponse();
    }

    public static JobRunnerResponse failed(Throwable cause) {
        return new JobRunnerResponse();
    }

    public static JobRunnerResponse aborted(String message) {
        return new JobRunnerResponse();
    }
}
