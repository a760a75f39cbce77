package io.ocelot.werker.engine.files;

import io.ocelot.werker.engine.reports.ReportFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * The build's workspace as the stages left it, for what the werker does with files between stages (caches,
 * artifacts, image build contexts): the host directory of a host-shell build, or the workspace inside a Docker
 * build's main container (read and written through the Docker API only, so it works wherever that workspace lives).
 * Paths are relative to the workspace, '/'-separated; symbolic links are never followed out of it.
 */
public interface WorkspaceFiles extends ReportFiles {
    /**
     * Streams the regular file at {@code path} to {@code reader} (the stream is valid only during the call); false
     * when there is none there (missing, a directory, a link).
     */
    boolean read(String path, Reader reader) throws IOException;

    /**
     * Writes the file or tree at {@code path} into {@code out} as tar entries (modes, links and times kept), the
     * path itself named {@code as} ("" puts what a directory holds at the top of the tar); false when the path does
     * not exist.
     */
    boolean export(String path, String as, TarArchiveOutputStream out) throws IOException;

    /** Unpacks {@code tar} (entries relative to the workspace) into the workspace, replacing files that are there. */
    void unpack(InputStream tar) throws IOException;

    @FunctionalInterface
    interface Reader {
        void read(InputStream in) throws IOException;
    }
}
