package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.files.WorkspaceFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A Docker build's workspace, reached through its main container with the archive API only
 * ({@code copyArchiveFromContainer} / {@code copyArchiveToContainer}): no exec, no tool inside the image, and no
 * assumption about where the workspace is stored. Everything is streamed as tar; nothing is held whole in memory.
 * Links are not followed (a tar entry that is a link is not a regular file).
 */
final class ContainerWorkspaceFiles implements WorkspaceFiles {
    /** A whole artifact or cache can take a while to stream: this many ordinary call deadlines. */
    private static final int LONG_CALL = 30;

    private final DockerCalls calls;
    private final Supplier<String> containerId;
    private final String workspacePath;

    ContainerWorkspaceFiles(DockerCalls calls, Supplier<String> containerId, String workspacePath) {
        this.calls = calls;
        this.containerId = containerId;
        this.workspacePath = workspacePath.replaceAll("/+$", "");
    }

    /** As {@link ContainerReportFiles#scan}, with the long deadline: a visitor may upload what it reads. */
    @Override
    public void scan(String dir, Visitor visitor) throws IOException {
        fromContainer("read " + (dir.isEmpty() ? "the workspace" : dir) + " in the workspace", dir, tar -> {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isFile()) {
                    continue;
                }
                String name = e.getName();
                int slash = name.indexOf('/'); // the archive's top entry is the copied directory itself
                String rel = dir + (slash < 0 ? name : name.substring(slash + 1));
                if (visitor.wants(rel, e.getSize())) {
                    visitor.read(rel, new FilterInputStream(tar) {
                        @Override
                        public void close() {
                            // the archive is closed by its owner
                        }
                    });
                }
            }
            return true;
        });
    }

    @Override
    public boolean read(String path, Reader reader) throws IOException {
        return fromContainer("read " + path + " from the workspace", path, tar -> {
            TarArchiveEntry e = tar.getNextEntry();
            if (e == null || !e.isFile()) {
                return false;
            }
            reader.read(new FilterInputStream(tar) {
                @Override
                public void close() {
                    // the archive is closed by its owner
                }
            });
            return true;
        });
    }

    @Override
    public boolean export(String path, String as, TarArchiveOutputStream out) throws IOException {
        String top = as.replaceAll("/+$", "");
        return fromContainer("copy " + path + " out of the workspace", path, tar -> {
            TarArchiveEntry e;
            String root = null; // the name the archive gives the path itself (its last segment)
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName().replaceAll("/+$", "");
                if (root == null) {
                    root = name;
                }
                String rest = name.equals(root) ? "" : name.startsWith(root + "/") ? name.substring(root.length()) : null;
                if (rest == null) {
                    continue;
                }
                String renamed = top.isEmpty() ? rest.replaceAll("^/", "") : top + rest;
                if (renamed.isEmpty()) {
                    continue; // the directory itself, when its content goes to the top
                }
                e.setName(e.isDirectory() ? renamed + "/" : renamed);
                if (e.isLink() && e.getLinkName().startsWith(root)) { // hard links name their target in the archive
                    String target = e.getLinkName().substring(root.length());
                    e.setLinkName(top.isEmpty() ? target.replaceAll("^/", "") : top + target);
                }
                out.putArchiveEntry(e);
                if (e.isFile()) {
                    tar.transferTo(out);
                }
                out.closeArchiveEntry();
            }
            return root != null;
        });
    }

    @Override
    public void unpack(InputStream tar) throws IOException {
        String id = containerId.get();
        if (id == null) {
            throw new IOException("the build has no container");
        }
        run("copy into the workspace", () -> {
            calls.client().copyArchiveToContainerCmd(id).withRemotePath(workspacePath).withTarInputStream(tar).exec();
            return null;
        });
    }

    @FunctionalInterface
    private interface TarUse {
        boolean use(TarArchiveInputStream tar) throws IOException;
    }

    /** The archive of {@code path}; false when it does not exist. */
    private boolean fromContainer(String what, String path, TarUse use) throws IOException {
        String id = containerId.get();
        if (id == null) {
            return false;
        }
        String clean = java.nio.file.Path.of(path.replaceAll("^/+", "")).normalize().toString();
        if (clean.equals("..") || clean.startsWith("../")) {
            return false; // nothing outside the workspace is reached this way
        }
        String remote = clean.isEmpty() || clean.equals(".") ? workspacePath : workspacePath + "/" + clean;
        return run(what, () -> {
            try (InputStream raw = calls.client().copyArchiveFromContainerCmd(id, remote).exec();
                 TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
                return use.use(tar);
            } catch (NotFoundException missing) {
                return false;
            }
        });
    }

    private <T> T run(String what, Callable<T> body) throws IOException {
        try {
            Duration limit = calls.defaultTimeout().multipliedBy(LONG_CALL);
            return calls.call(what, limit, body);
        } catch (BuildError e) {
            throw new IOException(e.getMessage(), e);
        } catch (DockerException e) {
            throw new IOException("Docker: " + DockerCalls.dockerMessage(e), e);
        }
    }
}
