package io.ocelot.core.api;

/**
 * One build in a list. Times are epoch milliseconds; {@code startedAt}/{@code finishedAt} are null until the build
 * starts/ends, {@code werker} until a werker leases it. {@code trigger} is the {@link io.ocelot.core.plan.TriggerKind}
 * name; {@code triggeredBy} the user for manual/CLI builds, else the pusher or PR author when known.
 * {@code pullRequestId} is null for branch builds. {@code group}: the repository's build group when the build was made.
 * {@code pipeline}: {@code default} for {@code ocelot.yml}'s builds, {@code NAME} for {@code .ocelot/NAME.yml}'s.
 */
public record BuildSummary(long id,
                           String projectKey,
                           String repositorySlug,
                           String branch,
                           String commit,
                           String commitMessage,
                           ApiBuildState state,
                           String trigger,
                           String triggeredBy,
                           Long pullRequestId,
                           String group,
                           String werker,
                           long queuedAt,
                           Long startedAt,
                           Long finishedAt,
                           String pipeline) {
    public static final String DEFAULT_PIPELINE = "default";

    public BuildSummary {
        pipeline = pipeline == null ? DEFAULT_PIPELINE : pipeline;
    }

    /** A build of the default pipeline. */
    public BuildSummary(long id, String projectKey, String repositorySlug, String branch, String commit,
                        String commitMessage, ApiBuildState state, String trigger, String triggeredBy,
                        Long pullRequestId, String group, String werker, long queuedAt, Long startedAt,
                        Long finishedAt) {
        this(id, projectKey, repositorySlug, branch, commit, commitMessage, state, trigger, triggeredBy, pullRequestId,
                group, werker, queuedAt, startedAt, finishedAt, DEFAULT_PIPELINE);
    }

    /** False for the default pipeline ({@code ocelot.yml}), which pages and messages name as they always did: not at all. */
    public boolean namedPipeline() {
        return !DEFAULT_PIPELINE.equals(pipeline);
    }

    /** "PROJECT/repo", the way users name a repository everywhere in Ocelot. */
    public String repository() {
        return projectKey + "/" + repositorySlug;
    }

    /** Time spent waiting for a werker, in ms: up to now while still queued. */
    public long queueWaitMillis(long now) {
        return (startedAt != null ? startedAt : (finishedAt != null ? finishedAt : now)) - queuedAt;
    }

    /** Running time in ms (up to now while running), null if it never started. */
    public Long durationMillis(long now) {
        if (startedAt == null) {
            return null;
        }
        return (finishedAt != null ? finishedAt : now) - startedAt;
    }
}
