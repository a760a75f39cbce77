package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.reports.ReportFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Report files of a Docker build, copied out of its container ({@code copyArchiveFromContainer}): only the
 * directory a glob starts in, streamed as a tar, reading just the entries the collector wants. Links are not followed
 * (a tar entry that is a link is not a regular file).
 */
final class ContainerReportFiles implements ReportFiles {
    private final DockerCalls calls;
    private final Supplier<String> containerId;
    private final String workspacePath;

    ContainerReportFiles(DockerCalls calls, Supplier<String> containerId, String workspacePath) {
        this.calls = calls;
        this.containerId = containerId;
        this.workspacePath = workspacePath.endsWith("/") ? workspacePath : workspacePath + "/";
    }

    @Override
    public void scan(String dir, Visitor visitor) throws IOException {
        String id = containerId.get();
        if (id == null) {
            return;
        }
        String remote = (workspacePath + dir).replaceAll("/+$", "");
        try {
            calls.call("copy the test reports out of the container", calls.defaultTimeout().multipliedBy(5), () -> {
                try (InputStream raw = calls.client().copyArchiveFromContainerCmd(id, remote).exec();
                     TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
                    TarArchiveEntry e;
                    while ((e = tar.getNextEntry()) != null) {
                        if (!e.isFile()) {
                            continue;
                        }
                        String name = e.getName();
                        int slash = name.indexOf('/'); // the archive's top entry is the copied directory itself
                        String rel = dir + (slash < 0 ? name : name.substring(slash + 1));
                        if (visitor.wants(rel, e.getSize())) {
                            visitor.read(rel, tar);
                        }
                    }
                } catch (NotFoundException missing) {
                    // the stage wrote nothing there
                }
                return null;
            });
        } catch (BuildError e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
