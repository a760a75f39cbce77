package io.ocelot.werker.workspace;

import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.BuildRequest;
import io.ocelot.werker.engine.Cancellation;
import io.ocelot.werker.engine.WorkspaceStep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Makes a build's workspace: a git checkout of the exact commit, or for a pull request the merge of it into the
 * plan's target commit ({@link GitCheckout}) or a copy of a local directory
 * ({@link LocalCopy}, for {@code ocelot exec}). The workspace is {@code buildDir/src}; the engine deletes
 * {@code buildDir} when the build ends.
 */
public final class Workspaces implements WorkspaceStep {
    private final Path knownHosts;

    /** {@code knownHosts}: the werker's SSH known-hosts file (see {@link GitCheckout}). */
    public Workspaces(Path knownHosts) {
        this.knownHosts = knownHosts;
    }

    @Override
    public Path prepare(BuildRequest request, Path buildDir, Consumer<String> system, Cancellation cancellation)
            throws BuildError, IOException {
        Path src = buildDir.resolve("src");
        if (request.localDir() != null) {
            Files.createDirectories(src);
            system.accept("$ copying " + request.localDir() + " (without .git)");
            LocalCopy.copy(request.localDir(), src);
            return src;
        }
        if (request.source() == null) {
            throw new BuildError("the build has no source: neither a repository to clone nor a local directory");
        }
        new GitCheckout(buildDir, knownHosts, system, cancellation).checkout(request.source(), request.commit(),
                request.branch(), request.plan().merge(), src);
        return src;
    }
}
