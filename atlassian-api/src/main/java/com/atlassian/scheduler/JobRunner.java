// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.scheduler;

/** UNVERIFIED package and method beyond the name in the notes. */
public interface JobRunner {
    JobRunnerResponse runJob(JobRunnerRequest request);
}
