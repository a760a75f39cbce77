package io.ocelot.werker.engine.reports;

import java.io.IOException;
import java.io.InputStream;

/** Where a stage's report files are read from: the host workspace, or the build's container. */
public interface ReportFiles {
    /**
     * Visits every regular file under {@code dir} (relative to the workspace, "" or ending in '/'), never following
     * a symbolic link; a missing {@code dir} has no files.
     */
    void scan(String dir, Visitor visitor) throws IOException;

    interface Visitor {
        /** Whether to read the file at {@code path} (relative to the workspace, '/'-separated). */
        boolean wants(String path, long size);

        /** The file's bytes; {@code in} is valid only during the call. */
        void read(String path, InputStream in) throws IOException;
    }
}
