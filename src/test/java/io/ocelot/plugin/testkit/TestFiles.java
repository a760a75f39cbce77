package io.ocelot.plugin.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File chores of the test rigs: removing the temporary trees they made. */
public final class TestFiles {
    private TestFiles() {
    }

    /**
     * Deletes {@code dir} and everything under it (symbolic links are removed, not followed); nothing to do when it is
     * null or absent. Best effort: it goes on past a path it cannot delete, then throws the first such failure.
     */
    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> paths = Files.walk(dir)) {
            deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        IOException first = null;
        for (Path p : deepestFirst) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
