package io.ocelot.core.plan;

import java.util.List;
import java.util.Objects;

/**
 * What happened in the repository, as the planner needs it: the branch and commit to build, the messages of the
 * commits the event brought (for {@code \text} triggers and {@code [skip ci]}), the paths they changed (for
 * {@code \filepath}), and the kind of trigger. {@code force} (manual/CLI only) bypasses branch filters and
 * {@code [skip ci]}. {@code buildId} is the build's number, put in BUILD_ID; {@link #NOT_STORED} when the build
 * does not exist yet, and then the plan has no BUILD_ID until whoever creates the build sets it
 * ({@link BuildPlan#withBuildId}). A local run ({@code ocelot exec}, {@code ocelot plan}) passes 0.
 * {@code pullRequest} is set for a pull-request build (its branch filter is the target's; also on a manual rebuild
 * of one), {@code tag} (the tag's name) for the build of a pushed tag; both null otherwise.
 */
public record BuildEvent(String branch,
                         String commit,
                         List<String> commitMessages,
                         List<String> changedPaths,
                         TriggerKind trigger,
                         boolean force,
                         long buildId,
                         PullRequestScope pullRequest,
                         String tag) {
    /** The build is not stored yet, so it has no number: no BUILD_ID is planned (the store sets it). */
    public static final long NOT_STORED = -1;

    public BuildEvent {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(trigger, "trigger");
        commitMessages = commitMessages == null ? List.of() : List.copyOf(commitMessages);
        changedPaths = ChangedPaths.copyOf(changedPaths); // read when a pipeline asks for them
        if (pullRequest != null && trigger != TriggerKind.PULL_REQUEST && !trigger.isOnDemand()) {
            throw new IllegalArgumentException("pull-request facts on a " + trigger + " event");
        }
        if (tag != null && pullRequest != null) {
            throw new IllegalArgumentException("an event is of a tag or of a pull request, not both");
        }
    }

    /** Neither of a pull request nor of a tag. */
    public BuildEvent(String branch, String commit, List<String> commitMessages, List<String> changedPaths,
                      TriggerKind trigger, boolean force, long buildId) {
        this(branch, commit, commitMessages, changedPaths, trigger, force, buildId, null, null);
    }

    public static BuildEvent push(String branch, String commit, List<String> messages, List<String> paths) {
        return new BuildEvent(branch, commit, messages, paths, TriggerKind.PUSH, false, 0);
    }

    /** The pull request's source tip {@code commit} (on {@code pr.sourceBranch()}), to be merged into its target. */
    public static BuildEvent pullRequest(PullRequestScope pr, String commit, List<String> messages,
                                         List<String> paths) {
        return new BuildEvent(pr.sourceBranch(), commit, messages, paths, TriggerKind.PULL_REQUEST, false, 0, pr, null);
    }

    /** A pushed tag {@code tag} at {@code commit}; its GIT_BRANCH is the tag's name, as Bitbucket shows the ref. */
    public static BuildEvent tag(String tag, String commit, List<String> messages, List<String> paths) {
        return new BuildEvent(tag, commit, messages, paths, TriggerKind.PUSH, false, 0, null, tag);
    }

    /** The branch the file's branch conditions are about: a pull request's target, else the event's branch. */
    public String filterBranch() {
        return pullRequest != null ? pullRequest.targetBranch() : branch;
    }
}
