package com.atlassian.scheduler.config;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/jonasrutishauser/helm-pr-bitbucket-plugin/blob/1301d9e8f8132a3588497b318cddefd382092b77/src/main/java/com/github/jonasrutishauser/bitbucket/helm/impl/AddDiffJobRunner.java ({@code JobRunnerKey.of(String)}) and https://docs.atlassian.com/atlassian-scheduler-api/1.6.0/atlassian-scheduler-api/apidocs/com/atlassian/scheduler/config/package-summary.html.
 */
public final class JobRunnerKey {
    private final String key;

    private JobRunnerKey(String key) {
        this.key = key;
    }

    public static JobRunnerKey of(String key) {
        return new JobRunnerKey(key);
    }

    @Override
    public String toString() {
        return key;
    }
}
