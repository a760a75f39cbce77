// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.scheduler.config;

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
