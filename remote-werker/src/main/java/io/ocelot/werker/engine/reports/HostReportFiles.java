package io.ocelot.werker.engine.reports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Report files of a host-shell build: straight from its workspace directory (links not followed). */
public final class HostReportFiles implements ReportFiles {
    private final Path workspace;

    public HostReportFiles(Path workspace) {
        this.workspace = workspace.toAbsolutePath().normalize();
    }

    @Override
    public void scan(String dir, Visitor visitor) throws IOException {
        Path start = workspace.resolve(dir).normalize();
        if (!start.startsWith(workspace) || !Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    String rel = workspace.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                    if (visitor.wants(rel, attrs.size())) {
                        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                            visitor.read(rel, in);
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // an unreadable corner of the workspace holds no report we can use
            }
        });
    }
}
