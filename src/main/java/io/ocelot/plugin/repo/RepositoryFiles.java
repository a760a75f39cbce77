package io.ocelot.plugin.repo;

import java.util.List;
import java.util.Optional;

/** Port: reads a file of a repository at a commit, and lists the files of a directory there. */
public interface RepositoryFiles {
    /** The most entries {@link #list} returns: a directory of pipelines is small, a hostile one is cut off. */
    int MAX_LISTED = 200;

    /** The bytes of {@code path} at {@code commit}; empty when there is no such file at that commit. */
    Optional<byte[]> read(RepositoryRef repository, String commit, String path);

    /**
     * The names (no directory part) of the files directly in {@code directory} at {@code commit}, at most
     * {@link #MAX_LISTED}; empty when there is no such directory. Sub-directories and submodules are not listed.
     * The default lists nothing: a port that cannot list directories sees only {@code ocelot.yml}.
     */
    default List<String> list(RepositoryRef repository, String commit, String directory) {
        return List.of();
    }
}
