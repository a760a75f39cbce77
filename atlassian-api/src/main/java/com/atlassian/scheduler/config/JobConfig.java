package com.atlassian.scheduler.config;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/atlassian-scheduler-api/1.6.0/atlassian-scheduler-api/apidocs/com/atlassian/scheduler/config/JobConfig.html ({@code forJobRunnerKey}, {@code withRunMode}, {@code withSchedule}).
 */
public final class JobConfig {
    private final JobRunnerKey key;
    private final RunMode runMode;
    private final Schedule schedule;

    private JobConfig(JobRunnerKey key, RunMode runMode, Schedule schedule) {
        this.key = key;
        this.runMode = runMode;
        this.schedule = schedule;
    }

    public static JobConfig forJobRunnerKey(JobRunnerKey key) {
        return new JobConfig(key, RunMode.RUN_ONCE_PER_CLUSTER, null);
    }

    public JobConfig withRunMode(RunMode runMode) {
        return new JobConfig(key, runMode, schedule);
    }

    public JobConfig withSchedule(Schedule schedule) {
        return new JobConfig(key, runMode, schedule);
    }
}
