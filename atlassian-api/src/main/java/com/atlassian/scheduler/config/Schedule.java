// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.scheduler.config;

import java.util.Date;

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
