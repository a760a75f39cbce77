package io.ocelot.werker.engine.files;

import io.ocelot.werker.engine.reports.HostReportFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Set;

/** The workspace of a host-shell build: its directory on the werker host. */
public final class HostWorkspaceFiles implements WorkspaceFiles {
    private final Path workspace;
    private final HostReportFiles reports;

    public HostWorkspaceFiles(Path workspace) {
        this.workspace = workspace.toAbsolutePath().normalize();
        this.reports = new HostReportFiles(this.workspace);
    }

    @Override
    public void scan(String dir, Visitor visitor) throws IOException {
        reports.scan(dir, visitor);
    }

    @Override
    public boolean read(String path, Reader reader) throws IOException {
        Path file = inside(path);
        if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || throughLink(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            reader.read(in);
        }
        return true;
    }

    @Override
    public boolean export(String path, String as, TarArchiveOutputStream out) throws IOException {
        Path start = inside(path);
        if (start == null || !Files.exists(start, LinkOption.NOFOLLOW_LINKS) || throughLink(start)) {
            return false;
        }
        String top = as.replaceAll("/+$", "");
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String name = name(dir);
                if (!name.isEmpty()) {
                    TarArchiveEntry e = new TarArchiveEntry(name + "/");
                    e.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode(dir));
                    e.setModTime(attrs.lastModifiedTime().toMillis());
                    out.putArchiveEntry(e);
                    out.closeArchiveEntry();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = name(file);
                if (attrs.isSymbolicLink()) {
                    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(file).toString());
                    out.putArchiveEntry(e);
                    out.closeArchiveEntry();
                } else if (attrs.isRegularFile()) {
                    TarArchiveEntry e = new TarArchiveEntry(name);
                    e.setSize(attrs.size());
                    e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode(file));
                    e.setModTime(attrs.lastModifiedTime().toMillis());
                    out.putArchiveEntry(e);
                    Files.copy(file, out);
                    out.closeArchiveEntry();
                } // sockets, fifos and devices are not kept
                return FileVisitResult.CONTINUE;
            }

            private String name(Path p) {
                String rel = start.relativize(p).toString();
                if (rel.isEmpty()) {
                    return top;
                }
                return top.isEmpty() ? rel : top + "/" + rel;
            }
        });
        return true;
    }

    @Override
    public void unpack(InputStream raw) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(raw);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            Path target = inside(e.getName());
            if (target == null || target.equals(workspace) || throughLink(target)) {
                continue; // nothing is written outside the workspace, nor through a link in it
            }
            if (e.isDirectory()) {
                Files.createDirectories(target);
                setMode(target, e.getMode());
            } else if (e.isSymbolicLink()) {
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            } else if (e.isFile()) {
                Files.createDirectories(target.getParent());
                if (Files.isSymbolicLink(target)) {
                    Files.delete(target);
                }
                Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                setMode(target, e.getMode());
                Files.setLastModifiedTime(target, FileTime.fromMillis(e.getModTime().getTime()));
            }
        }
    }

    /** The workspace path, or null when {@code path} leaves the workspace. */
    private Path inside(String path) {
        Path p = workspace.resolve(path.replaceAll("^/+", "")).normalize();
        return p.startsWith(workspace) ? p : null;
    }

    /** Whether a directory between the workspace and {@code p} is a symbolic link (which could lead out of it). */
    private boolean throughLink(Path p) {
        for (Path d = p.getParent(); d != null && d.startsWith(workspace) && !d.equals(workspace); d = d.getParent()) {
            if (Files.isSymbolicLink(d)) {
                return true;
            }
        }
        return false;
    }

    /** The permission bits from 0400 down to 01. */
    private static final PosixFilePermission[] BITS = {PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};

    private static int mode(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        int m = 0;
        for (int i = 0; i < BITS.length; i++) {
            if (perms.contains(BITS[i])) {
                m |= 0400 >> i;
            }
        }
        return m;
    }

    private static void setMode(Path p, int mode) throws IOException {
        Set<PosixFilePermission> perms = new HashSet<>();
        for (int i = 0; i < BITS.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                perms.add(BITS[i]);
            }
        }
        perms.add(PosixFilePermission.OWNER_READ); // the werker must be able to clean the workspace up
        perms.add(PosixFilePermission.OWNER_WRITE);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            perms.add(PosixFilePermission.OWNER_EXECUTE);
        }
        Files.setPosixFilePermissions(p, perms);
    }
}
