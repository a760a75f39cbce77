package io.ocelot.plugin.repo;

import java.util.List;
import java.util.Optional;

/** Port: commits and branches of a repository, for builds people ask for by hash or branch name. */
public interface RepositoryRefs {
    /** The full hash of the commit named by a full hash or a unique prefix; empty when none (or not unique). */
    Optional<String> resolveCommit(RepositoryRef repository, String hashOrPrefix);

    /** The commit at the head of {@code branch} (display name, e.g. "main"); empty when there is no such branch. */
    Optional<String> branchHead(RepositoryRef repository, String branch);

    /** The default branch's display name; empty for an empty repository. */
    Optional<String> defaultBranch(RepositoryRef repository);

    /** Branches whose head is {@code commit} (display names; may be incomplete, never wrong). */
    List<String> branchesAt(RepositoryRef repository, String commit);
}
