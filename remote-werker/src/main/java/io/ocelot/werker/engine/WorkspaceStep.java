package io.ocelot.werker.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The engine's first step: makes the build's workspace under {@code buildDir} (which the engine deletes when the
 * build ends). A port like {@link Executor}: the engine does not know how a workspace is made (the werker's git
 * checkout or a local copy, see {@code io.ocelot.werker.workspace.Workspaces}), so imports run from the workspace to
 * the engine only.
 */
@FunctionalInterface
public interface WorkspaceStep {
    /**
     * @param system the build's set-up log
     * @param cancellation stops the step (clone, copy) when the build is cancelled or its time is over
     * @return the workspace, the directory the stages start in
     */
    Path prepare(BuildRequest request, Path buildDir, Consumer<String> system, Cancellation cancellation)
            throws BuildError, IOException;
}
