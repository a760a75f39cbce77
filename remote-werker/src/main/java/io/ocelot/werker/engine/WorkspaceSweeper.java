package io.ocelot.werker.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the workspaces ({@code <work dir>/build-<id>-*}) of builds that no longer run: a werker killed with -9,
 * or a host that lost power, leaves its builds' clones behind, and nothing else ever deletes them. Directories newer
 * than {@code minAge} are kept, so a build that is just starting (not yet among the running ones the caller saw) is
 * not swept from under it.
 */
public final class WorkspaceSweeper {
    private static final Pattern BUILD_DIR = Pattern.compile("build-(\\d+)-.*");

    private WorkspaceSweeper() {
    }

    /** @return the build ids whose workspaces were removed */
    public static Set<Long> sweep(Path workDir, Set<Long> running, Duration minAge) {
        Set<Long> swept = new TreeSet<>();
        if (!Files.isDirectory(workDir)) {
            return swept;
        }
        Instant cutoff = Instant.now().minus(minAge);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(workDir)) {
            for (Path dir : dirs) {
                Matcher m = BUILD_DIR.matcher(dir.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(dir)) {
                    continue;
                }
                long id = Long.parseLong(m.group(1));
                if (running.contains(id) || Files.getLastModifiedTime(dir).toInstant().isAfter(cutoff)) {
                    continue;
                }
                try {
                    Trees.deleteRecursively(dir);
                    swept.add(id);
                } catch (IOException e) {
                    // tried again at the next run
                }
            }
        } catch (IOException e) {
            // the work directory is unreadable: the disk-floor check reports the consequences
        }
        return swept;
    }
}
