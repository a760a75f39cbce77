package com.atlassian.scheduler.config;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/atlassian-scheduler-api/1.6.0/atlassian-scheduler-api/apidocs/com/atlassian/scheduler/config/RunMode.html
 */
public enum RunMode {
    RUN_ONCE_PER_CLUSTER, RUN_LOCALLY
}
