package io.ocelot.plugin.testkit;

import io.ocelot.plugin.repo.RepositoryFiles;
import io.ocelot.plugin.repo.RepositoryRef;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Files per (repository id, commit, path), for tests that do not need a real git repository. */
public final class InMemoryRepositoryFiles implements RepositoryFiles {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    public void put(RepositoryRef repo, String commit, String path, String content) {
        files.put(repo.id() + ":" + commit + ":" + path, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<byte[]> read(RepositoryRef repo, String commit, String path) {
        return Optional.ofNullable(files.get(repo.id() + ":" + commit + ":" + path));
    }

    /** The files put directly under {@code directory} at the commit, by name, sorted (as git lists a tree). */
    @Override
    public List<String> list(RepositoryRef repo, String commit, String directory) {
        String prefix = repo.id() + ":" + commit + ":" + directory + "/";
        return files.keySet().stream().filter(k -> k.startsWith(prefix) && !k.substring(prefix.length()).contains("/"))
                .map(k -> k.substring(prefix.length())).sorted().toList();
    }
}
