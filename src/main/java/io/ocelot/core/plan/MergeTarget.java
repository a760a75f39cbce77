package io.ocelot.core.plan;

import java.util.Objects;

/**
 * What a pull-request build merges its commit into before the stages run: the target branch (for the log and the
 * merge message) and the exact target commit the event saw, so the build is of what merging would produce then,
 * not of whatever the branch holds when a werker gets to it. The werker fetches both commits and runs
 * {@code git merge --no-ff} in the workspace; a conflict fails the build.
 */
public record MergeTarget(String branch, String commit) {
    public MergeTarget {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
    }
}
