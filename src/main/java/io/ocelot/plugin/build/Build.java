package io.ocelot.plugin.build;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.repo.RepositoryRef;

import java.util.List;

/**
 * A snapshot of one build as stored. Times are epoch millis, 0 = not yet. {@code prId} 0 = not a PR build.
 * {@code outcome} is null until FINISHED. {@code commitMessage} and {@code buildGroup} may be null (not known, none).
 * {@code fromFork}: a pull request from a fork; its jobs get no secret variables. {@code plan} is the stored plan,
 * parsed once where the build is read; null for a build that failed before it could be planned (an invalid
 * ocelot.yml). {@code handBacks}: attempts its werkers handed back unfinished (not counted against the attempts).
 * {@code werkerLabels}: what the repository required of a werker when it was queued (all of them).
 */
public record Build(long id, RepositoryRef repository, String branch, String ref, String commit, String pipeline,
                    TriggerKind trigger, long prId, String triggeredBy, BuildState state, BuildResult outcome,
                    String message, BuildPlan plan, String machineTag, int attempt, String leaseId,
                    long werkerId, int runningStage, boolean cancelRequested, String cancelReason,
                    long queuedAt, long startedAt, long finishedAt, long logLength, boolean logCapped,
                    String commitMessage, String buildGroup, boolean fromFork, int handBacks,
                    List<String> werkerLabels) {
    public Build {
        werkerLabels = werkerLabels == null ? List.of() : List.copyOf(werkerLabels);
    }

    public boolean isFinished() {
        return state == BuildState.FINISHED;
    }

    /** Queue to end (or to now while unfinished); 0 before it started. */
    public long durationMillis(long now) {
        if (startedAt == 0) {
            return 0;
        }
        return (finishedAt == 0 ? now : finishedAt) - startedAt;
    }
}
