package io.ocelot.plugin.insights;

import io.ocelot.plugin.repo.RepositoryFiles;
import io.ocelot.plugin.repo.RepositoryRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a trace's file is in the repository at the build's commit. A trace names files in its own way: a JVM frame
 * gives the package path ({@code com/acme/CartTest.java}, below a source root such as {@code src/test/java}), pytest a
 * path relative to where it ran, Jest an absolute path in the container ({@code /workspace/src/sum.test.js}). Each
 * candidate is checked to exist at the commit (through {@link RepositoryFiles}); a file that is not in the repository
 * (generated, a library) gets no annotation.
 */
final class SourcePaths {
    /** The usual source roots of Maven, Gradle and friends, tried before a JVM package path. */
    static final List<String> JVM_ROOTS = List.of("src/test/java/", "src/test/kotlin/", "src/main/java/",
            "src/main/kotlin/", "src/test/groovy/", "src/test/scala/", "src/", "test/", "");
    private static final int MAX_CANDIDATES = 24;

    private final RepositoryFiles files;
    private final RepositoryRef repository;
    private final String commit;
    private final Map<String, Optional<String>> resolved = new HashMap<>();

    SourcePaths(RepositoryFiles files, RepositoryRef repository, String commit) {
        this.files = files;
        this.repository = repository;
        this.commit = commit;
    }

    /** The repository path of {@code traceFile}, or empty. {@code workdir}: the build's workspace in the container. */
    Optional<String> resolve(String traceFile, String workdir) {
        if (traceFile == null || traceFile.isBlank() || traceFile.contains("..")) {
            return Optional.empty();
        }
        return resolved.computeIfAbsent(traceFile, f -> {
            for (String candidate : candidates(f, workdir)) {
                if (files.read(repository, commit, candidate).isPresent()) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        });
    }

    static List<String> candidates(String file, String workdir) {
        Set<String> out = new LinkedHashSet<>();
        String f = file.replace('\\', '/');
        String root = workdir == null ? "/workspace/" : workdir.endsWith("/") ? workdir : workdir + "/";
        if (f.startsWith(root)) {
            out.add(f.substring(root.length()));
        }
        boolean jvm = f.matches(".*\\.(java|kt|groovy|scala)");
        if (jvm && !f.startsWith("/")) {
            for (String r : JVM_ROOTS) {
                out.add(r + f);
            }
        } else if (!f.startsWith("/")) {
            out.add(f);
        }
        // an absolute path from elsewhere (a host-shell build): its tails, longest first
        String[] parts = f.replaceFirst("^/+", "").split("/");
        for (int i = f.startsWith("/") ? 0 : 1; i < parts.length && out.size() < MAX_CANDIDATES; i++) {
            out.add(String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length)));
        }
        List<String> list = new ArrayList<>(out);
        list.removeIf(String::isEmpty);
        return list.subList(0, Math.min(MAX_CANDIDATES, list.size()));
    }
}
