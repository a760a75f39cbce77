package io.ocelot.plugin.repo;

import java.util.Optional;

/** Port: reads a file of a repository at a commit. */
public interface RepositoryFiles {
    /** The bytes of {@code path} at {@code commit}; empty when there is no such file at that commit. */
    Optional<byte[]> read(RepositoryRef repository, String commit, String path);
}
