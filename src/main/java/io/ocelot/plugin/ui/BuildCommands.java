package io.ocelot.plugin.ui;

import io.ocelot.core.plan.TriggerKind;

import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.TriggerResponse;

/**
 * What people can ask of builds. Implemented by the plugin core (queue, trigger service). {@code byUser} is the
 * Bitbucket user name, recorded on the build ("cancelled by alice", "triggered by bob"). Permission checks are done
 * by the callers.
 */
public interface BuildCommands {

    /**
     * Cancels a queued or running build (a running one through its werker's next heartbeat). Returns the build as it is
     * now. @throws UserFacingException NOT_FOUND unknown build; CONFLICT when it has already finished
     */
    BuildSummary kill(long buildId, String byUser);

    /**
     * Plans and queues a build of {@code commit} (full hash or unique prefix) or of the head of {@code branch}
     * (exactly one is non-null; both null: the default branch). Manual builds are never deduplicated. Without
     * {@code force} the ocelot.yml's branch filters and {@code [skip ci]} apply, and a build they rule out is answered
     * with a null build id and the reason.
     * {@code kind} is MANUAL or CLI: what asked, recorded on the build.
     * @throws UserFacingException NOT_FOUND for an unknown commit/branch or a missing ocelot.yml; BAD_REQUEST for an
     *         invalid ocelot.yml (message: its first problems)
     */
    default TriggerResponse trigger(RepositoryName repository, String commit, String branch, boolean force,
                                    TriggerKind kind, String byUser) {
        return trigger(repository, commit, branch, null, force, kind, byUser);
    }

    /**
     * As above, for {@code pipeline} only ({@code default}: ocelot.yml; {@code NAME}: .ocelot/NAME.yml), or for
     * every pipeline at the commit when null (one build each that builds; the answer lists each).
     * @throws UserFacingException NOT_FOUND also when the named pipeline has no file at the commit
     */
    TriggerResponse trigger(RepositoryName repository, String commit, String branch, String pipeline, boolean force,
                            TriggerKind kind, String byUser);

    /** Queues a new build of the same commit, branch and trigger as {@code buildId}, forced. */
    TriggerResponse rebuild(long buildId, String byUser);
}
