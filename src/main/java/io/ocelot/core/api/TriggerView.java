package io.ocelot.core.api;

/**
 * A push or pull-request event not (yet) turned into a build: {@code state} PENDING (waiting for its first or next
 * attempt, or being handled) or FAILED (Ocelot gave up after {@code attempts} tries). {@code reason}: why the last
 * attempt failed, null before any failure. {@code nextAttemptAt}: epoch ms of the next try, null when FAILED or being handled
 * right now. Times
 * are epoch milliseconds; {@code pullRequestId} is null for branch pushes.
 */
public record TriggerView(String projectKey,
                          String repositorySlug,
                          String branch,
                          String commit,
                          String trigger,
                          String triggeredBy,
                          Long pullRequestId,
                          String state,
                          int attempts,
                          String reason,
                          long receivedAt,
                          Long nextAttemptAt) {
    public static final String PENDING = "PENDING";
    public static final String FAILED = "FAILED";

    public String repository() {
        return projectKey + "/" + repositorySlug;
    }

    public boolean failed() {
        return FAILED.equals(state);
    }
}
