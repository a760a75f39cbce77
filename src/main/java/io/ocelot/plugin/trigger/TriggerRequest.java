package io.ocelot.plugin.trigger;

import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.repo.RepositoryRef;

import java.util.Objects;

/**
 * A candidate for a build, as small and immutable as the event listener can make it (it crosses to another thread).
 * {@code since}: the commit the changeset starts from — a push's previous tip, a PR's target tip; null for a new
 * branch. {@code commit}: what to build. {@code prId} 0 unless a PR. {@code force}: on-demand only, bypasses
 * branch filters and [skip ci]. {@code fromFork}: a pull request whose source repository is not its target (a fork);
 * such builds get no secret variables. {@code targetBranch}: the branch a pull request merges into (null otherwise);
 * with {@code since} (its tip) it is what the build merges the source into. {@code pipeline}: build only this
 * pipeline (a rebuild, a manual trigger naming one); null for every pipeline at the commit (events).
 */
public record TriggerRequest(RepositoryRef repository, TriggerKind kind, String ref, String branch, boolean tag,
                             String since, String commit, long prId, String user, boolean force, boolean fromFork,
                             String targetBranch, String pipeline) {
    private static final String NULL_HASH = "0000000000000000000000000000000000000000";

    public TriggerRequest {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
        if (since != null && (since.isEmpty() || since.equals(NULL_HASH))) {
            since = null;
        }
    }

    /** Of every pipeline at the commit. */
    public TriggerRequest(RepositoryRef repository, TriggerKind kind, String ref, String branch, boolean tag,
                          String since, String commit, long prId, String user, boolean force, boolean fromFork,
                          String targetBranch) {
        this(repository, kind, ref, branch, tag, since, commit, prId, user, force, fromFork, targetBranch, null);
    }

    /** The same trigger for {@code name} only. */
    public TriggerRequest onlyPipeline(String name) {
        return new TriggerRequest(repository, kind, ref, branch, tag, since, commit, prId, user, force, fromFork,
                targetBranch, name);
    }

    /** Not of a pull request with a known target branch. */
    public TriggerRequest(RepositoryRef repository, TriggerKind kind, String ref, String branch, boolean tag,
                          String since, String commit, long prId, String user, boolean force, boolean fromFork) {
        this(repository, kind, ref, branch, tag, since, commit, prId, user, force, fromFork, null);
    }

    /** Not from a fork. */
    public TriggerRequest(RepositoryRef repository, TriggerKind kind, String ref, String branch, boolean tag,
                          String since, String commit, long prId, String user, boolean force) {
        this(repository, kind, ref, branch, tag, since, commit, prId, user, force, false);
    }

    public static TriggerRequest push(RepositoryRef repository, String ref, String branch, String since,
                                      String commit, String user) {
        return new TriggerRequest(repository, TriggerKind.PUSH, ref, branch, false, since, commit, 0, user, false);
    }

    /** Not from a fork. */
    public static TriggerRequest pullRequest(RepositoryRef repository, long prId, String sourceRef,
                                             String sourceBranch, String targetBranch, String targetCommit,
                                             String sourceCommit, String user) {
        return pullRequest(repository, prId, sourceRef, sourceBranch, targetBranch, targetCommit, sourceCommit, user,
                false);
    }

    /** A pull request from {@code sourceBranch} at {@code sourceCommit} into {@code targetBranch} at {@code targetCommit}. */
    public static TriggerRequest pullRequest(RepositoryRef repository, long prId, String sourceRef,
                                             String sourceBranch, String targetBranch, String targetCommit,
                                             String sourceCommit, String user, boolean fromFork) {
        return new TriggerRequest(repository, TriggerKind.PULL_REQUEST, sourceRef, sourceBranch, false, targetCommit,
                sourceCommit, prId, user, false, fromFork, targetBranch);
    }
}
