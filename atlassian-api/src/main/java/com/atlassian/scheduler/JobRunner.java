package com.atlassian.scheduler;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/atlassian-scheduler-api/1.6.0/atlassian-scheduler-api/apidocs/com/atlassian/scheduler/class-use/JobRunnerResponse.html ({@code JobRunnerResponse runJob(JobRunnerRequest)})
 * and https://github.com/jonasrutishauser/helm-pr-bitbucket-plugin/blob/1301d9e8f8132a3588497b318cddefd382092b77/src/main/java/com/github/jonasrutishauser/bitbucket/helm/impl/AddDiffJobRunner.java.
 */
public interface JobRunner {
    JobRunnerResponse runJob(JobRunnerRequest request);
}
