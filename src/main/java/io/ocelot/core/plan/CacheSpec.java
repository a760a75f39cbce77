package io.ocelot.core.plan;

import java.util.List;

/**
 * A cache of the build (the file's top-level {@code caches:}): {@code paths} (relative to the workspace) are restored
 * into the workspace before the first stage and saved after a successful build. When {@code key} names files, the
 * hash of their content (as the workspace holds them after the clone) selects the cache, so changing a lock file
 * starts a new one. Kept per repository on the werker host.
 */
public record CacheSpec(String name, List<String> paths, List<String> key) {
    public CacheSpec {
        paths = paths == null ? List.of() : List.copyOf(paths);
        key = key == null ? List.of() : List.copyOf(key);
    }
}
