package io.ocelot.core.lang;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * POSIX path arithmetic for directories inside the build container. java.nio's Path would use the separators of
 * the machine running the planner, which is not the machine running the build.
 */
public final class WorkdirPaths {
    private WorkdirPaths() {
    }

    /** {@code dir} if absolute, else {@code base/dir}; then "." and ".." are folded ("/a/./b/../c" → "/a/c"). */
    public static String resolve(String base, String dir) {
        return normalize(dir.startsWith("/") ? dir : base + "/" + dir);
    }

    public static String normalize(String absolute) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : absolute.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast(); // ".." at the root stays at the root, as in the shell
            } else {
                parts.addLast(p);
            }
        }
        return "/" + String.join("/", parts);
    }
}
