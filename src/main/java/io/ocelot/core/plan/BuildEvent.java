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
 */
public record BuildEvent(String branch,
                         String commit,
                         List<String> commitMessages,
                         List<String> changedPaths,
                         TriggerKind trigger,
                         boolean force,
                         long buildId) {
    /** The build is not stored yet, so it has no number: no BUILD_ID is planned (the store sets it). */
    public static final long NOT_STORED = -1;

    public BuildEvent {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(trigger, "trigger");
        commitMessages = commitMessages == null ? List.of() : List.copyOf(commitMessages);
        changedPaths = changedPaths == null ? List.of() : List.copyOf(changedPaths);
    }

    public static BuildEvent push(String branch, String commit, List<String> messages, List<String> paths) {
        return new BuildEvent(branch, commit, messages, paths, TriggerKind.PUSH, false, 0);
    }
}
