package com.atlassian.scheduler.config;

import java.util.Date;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/atlassian-scheduler-api/1.6.0/atlassian-scheduler-api/apidocs/com/atlassian/scheduler/config/Schedule.html ({@code forInterval(long, Date)}).
 */
public final class Schedule {
    private final long intervalMillis;
    private final Date firstRunTime;

    private Schedule(long intervalMillis, Date firstRunTime) {
        this.intervalMillis = intervalMillis;
        this.firstRunTime = firstRunTime;
    }

    public static Schedule forInterval(long intervalInMillis, Date firstRunTime) {
        return new Schedule(intervalInMillis, firstRunTime);
    }
}
