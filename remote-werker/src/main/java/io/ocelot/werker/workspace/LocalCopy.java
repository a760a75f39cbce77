package io.ocelot.werker.workspace;

import io.ocelot.werker.engine.BuildError;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies a working tree as it is (uncommitted changes included), leaving out every {@code .git}: the repository's
 * metadata is not needed to build, can be large, and may hold credentials (remote URLs, config) that must not reach
 * a build container. Symbolic links are copied as links; file modes are kept.
 */
final class LocalCopy {
    private LocalCopy() {
    }

    static void copy(Path from, Path to) throws IOException, BuildError {
        if (!Files.isDirectory(from)) {
            throw new BuildError("cannot copy " + from + ": not a directory");
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && dir.getFileName().toString().equals(".git")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (file.getFileName().toString().equals(".git")) {
                    return FileVisitResult.CONTINUE; // a submodule's gitfile
                }
                Files.copy(file, to.resolve(from.relativize(file).toString()), LinkOption.NOFOLLOW_LINKS,
                        StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
