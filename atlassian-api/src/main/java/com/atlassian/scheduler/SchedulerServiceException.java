package com.atlassian.scheduler;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/atlassian-scheduler-api/1.6.0/atlassian-scheduler-api/apidocs/com/atlassian/scheduler/package-summary.html (an exception of this package) and https://github.com/jonasrutishauser/helm-pr-bitbucket-plugin/blob/1301d9e8f8132a3588497b318cddefd382092b77/src/main/java/com/github/jonasrutishauser/bitbucket/helm/impl/PrEventListener.java
 * (caught around scheduling). That it is checked, and the String constructor are listed under Not confirmed: see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public class SchedulerServiceException extends Exception {
    public SchedulerServiceException(String message) {
        super(message);
    }
}
