package io.ocelot.core.plan;

import java.util.Objects;

/**
 * The pull request a build is for: its number, the branch it merges from (the build's commit is that branch's tip),
 * the branch it merges into and that branch's tip. The target is what the file's {@code branches} is matched
 * against, and what the werker merges the source into. {@code targetCommit} may be null when it is not known (a
 * preview without {@code --target-commit}): then the plan carries no merge.
 */
public record PullRequestScope(long id, String sourceBranch, String targetBranch, String targetCommit) {
    public PullRequestScope {
        Objects.requireNonNull(sourceBranch, "sourceBranch");
        Objects.requireNonNull(targetBranch, "targetBranch");
        if (id <= 0) {
            throw new IllegalArgumentException("a pull request id is a positive number, not " + id);
        }
    }
}
