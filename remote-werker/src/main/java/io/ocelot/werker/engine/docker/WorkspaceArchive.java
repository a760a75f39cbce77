package io.ocelot.werker.engine.docker;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The tar that {@code copyArchiveToContainer} unpacks at the container's root: the workspace under its container
 * path (with every parent directory as an entry, because the copy 404s on a missing target and Docker does not
 * create parents), plus Ocelot's own {@code /.ocelot} directory for the stages' pid files. Modes and symbolic links
 * are kept. Every entry belongs to uid and gid 0 with no user or group name, so the archive API and a {@code tar}
 * in the container ({@link ReadyContainers#handOver}) give the same owner: a tar run as root looks a name up in the
 * image's own users before the number.
 */
final class WorkspaceArchive {
    static final String CONTROL_DIR = "/.ocelot";

    private WorkspaceArchive() {
    }

    static void write(Path workspace, String containerPath, Path tarFile) throws IOException {
        write(workspace, containerPath, tarFile, java.util.Map.of());
    }

    /** The workspace, plus {@code controlFiles} (name in the control directory → content, mode 0644) in it. */
    static void write(Path workspace, String containerPath, Path tarFile, java.util.Map<String, byte[]> controlFiles)
            throws IOException {
        String root = containerPath.replaceAll("^/+", "").replaceAll("/+$", "");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tarFile));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            directory(tar, CONTROL_DIR.substring(1) + "/", 01777);
            for (java.util.Map.Entry<String, byte[]> f : controlFiles.entrySet()) {
                file(tar, CONTROL_DIR.substring(1) + "/" + f.getKey(), f.getValue());
            }
            if (!root.isEmpty()) {
                StringBuilder parent = new StringBuilder();
                for (String part : root.split("/")) {
                    parent.append(part).append('/');
                    directory(tar, parent.toString(), 0755);
                }
            }
            String prefix = root.isEmpty() ? "" : root + "/";
            Files.walkFileTree(workspace, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(workspace)) {
                        directory(tar, prefix + rel(dir) + "/", mode(dir));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = prefix + rel(file);
                    if (attrs.isSymbolicLink()) {
                        TarArchiveEntry e = rootOwned(new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK));
                        e.setLinkName(Files.readSymbolicLink(file).toString());
                        tar.putArchiveEntry(e);
                        tar.closeArchiveEntry();
                    } else if (attrs.isRegularFile()) {
                        TarArchiveEntry e = rootOwned(new TarArchiveEntry(name));
                        e.setSize(attrs.size());
                        e.setMode(mode(file));
                        e.setModTime(attrs.lastModifiedTime().toMillis());
                        tar.putArchiveEntry(e);
                        Files.copy(file, tar);
                        tar.closeArchiveEntry();
                    } // sockets, fifos and devices have no place in a workspace
                    return FileVisitResult.CONTINUE;
                }

                private String rel(Path p) {
                    return workspace.relativize(p).toString();
                }
            });
            tar.finish();
        }
    }

    /** A tar of Ocelot's own directory alone, for a stage's container that gets no copy of the workspace. */
    static byte[] controlDir() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(2048);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            directory(tar, CONTROL_DIR.substring(1) + "/", 01777);
            tar.finish();
        }
        return bytes.toByteArray();
    }

    /** A tar of one file (mode 0644) at {@code path}, for copying to the container's root. */
    static byte[] singleFile(String path, byte[] content) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(content.length + 2048);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            file(tar, path.replaceAll("^/+", ""), content);
            tar.finish();
        }
        return bytes.toByteArray();
    }

    /** One regular file, mode 0644. */
    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = rootOwned(new TarArchiveEntry(name));
        e.setSize(content.length);
        e.setMode(0644);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry e = rootOwned(new TarArchiveEntry(name));
        e.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry rootOwned(TarArchiveEntry e) {
        e.setIds(0, 0);
        e.setNames("", "");
        return e;
    }

    private static int mode(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        int m = 0;
        for (PosixFilePermission perm : perms) {
            m |= switch (perm) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return m;
    }
}
