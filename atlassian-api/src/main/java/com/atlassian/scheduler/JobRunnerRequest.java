package com.atlassian.scheduler;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/atlassian-scheduler-api/1.6.0/atlassian-scheduler-api/apidocs/com/atlassian/scheduler/package-summary.html (an interface; nothing of it is declared or used).
 */
public interface JobRunnerRequest {
}
