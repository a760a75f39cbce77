package io.ocelot.werker.engine;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where a build's stages run: a Docker container ({@code docker.DockerExecutor}) or the werker's own shell
 * ({@code shell.HostShellExecutor}). The {@link BuildEngine} drives both the same way, so stage semantics, events,
 * timeouts and cancel are one piece of code.
 */
public interface Executor {
    /**
     * Prepares the place the stages run in (e.g. pulls the image, creates the container, copies the workspace in).
     * {@code system} takes the engine's own log lines. {@code stop} is cancelled when the build is cancelled or its
     * time limit runs out: a long step (an image pull) then ends at once with {@link BuildError#cancelled}, leaving
     * nothing behind. The session must be closed whatever happens.
     */
    Session open(BuildRequest request, Path workspace, Consumer<String> system, Cancellation stop) throws BuildError;

    /**
     * {@link #open(BuildRequest, Path, Consumer, Cancellation)} while the workspace is still being made (the clone
     * runs meanwhile): an executor that can set up without it (pull the image, create and start the container) does
     * that first and waits for {@code workspace} only to copy it in, so the set-up costs the longer of the two rather
     * than their sum. A failed workspace step fails the open with that step's own error ({@link #awaitWorkspace}).
     * Returns null (having removed what it made) when {@code stop} was cancelled by the time the workspace was
     * there: nothing runs. The default waits for the workspace, then opens.
     */
    default Session open(BuildRequest request, java.util.concurrent.CompletableFuture<Path> workspace,
                         Consumer<String> system, Cancellation stop) throws BuildError {
        Path made = awaitWorkspace(workspace, stop);
        return made == null ? null : open(request, made, system, stop);
    }

    /**
     * The workspace once made, or null when {@code stop} was cancelled by then; the workspace step's own
     * {@link BuildError} (a clone failure, a cancel) when it failed.
     */
    static Path awaitWorkspace(java.util.concurrent.CompletableFuture<Path> workspace, Cancellation stop)
            throws BuildError {
        Path made;
        try {
            made = workspace.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BuildError b) {
                throw b;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new BuildError("internal error in the werker: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BuildError.cancelled("interrupted while the workspace was made");
        }
        return stop.isCancelled() ? null : made;
    }

    interface Session extends AutoCloseable {
        /**
         * Starts a stage: {@code script} (already composed, see {@link StageScript}) runs under {@code /bin/sh} in
         * {@code workdir} with exactly {@code env} added to the environment (never on a command line).
         */
        RunningStage start(int index, String script, java.util.Map<String, String> env, String workdir,
                           StageOutput output) throws BuildError;

        /**
         * Completes, with the reason in words, when something the whole build relies on ended under it (a service
         * exited before the build did): the engine then fails the build and stops its running stages. Never
         * completes when nothing of the kind happens (the default).
         */
        default java.util.concurrent.CompletableFuture<String> failure() {
            return new java.util.concurrent.CompletableFuture<>();
        }

        /** Where the stages' test report files are read from (the workspace as the stages left it). */
        default io.ocelot.werker.engine.reports.ReportFiles reportFiles() {
            return null;
        }

        /**
         * The workspace as the stages left it, for caches, artifacts and image build contexts (null: this session
         * cannot reach it). Docker: read and written through the build's main container.
         */
        default io.ocelot.werker.engine.files.WorkspaceFiles workspaceFiles() {
            return null;
        }

        /**
         * Starts a {@code buildImage} stage: the image built from {@code build.context()} of the workspace, tagged,
         * and pushed with the build's registry credentials when asked; its output goes to {@code output}. The
         * stage's exit is 0 when all of that worked; signalling it stops the build. Where no Docker engine builds
         * images (the host shell) the stage fails saying so.
         */
        default RunningStage buildImage(int index, io.ocelot.core.plan.ImageBuild build, StageOutput output)
                throws BuildError {
            String why = "buildImage needs a Docker werker (this build runs on the host shell)";
            output.write(io.ocelot.core.protocol.Messages.LogStream.SYSTEM,
                    ("ocelot: " + why + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return RunningStage.of(java.util.concurrent.CompletableFuture.completedFuture(1), kill -> { },
                    () -> why);
        }

        /** Removes everything the session made (the container). Never throws. */
        @Override
        void close();
    }

    /** A started stage. */
    interface RunningStage {
        /** Completes with the exit code once the stage's process ended; exceptionally with a {@link BuildError}. */
        java.util.concurrent.CompletableFuture<Integer> exit();

        /** Sends SIGTERM ({@code kill=false}) or SIGKILL to every process of the stage (its process group). */
        void signal(boolean kill) throws BuildError;

        /**
         * Called once the engine is done with the stage (its result made, its reports read): what the executor made
         * for this stage alone (a container of its own) goes. Never throws.
         */
        default void release() {
        }

        /**
         * Called once the stage ended with a non-zero exit code: why, when the cause is where it ran rather than the
         * script (out of memory, out of PIDs, the container killed from outside), in words for the stage's result;
         * null when the script failed on its own.
         */
        default String explainFailure() {
            return null;
        }

        /** The stage that ends with {@code exit} and is signalled by {@code signaller}. */
        static RunningStage of(java.util.concurrent.CompletableFuture<Integer> exit, Signaller signaller) {
            return of(exit, signaller, () -> null);
        }

        /** {@link #of(java.util.concurrent.CompletableFuture, Signaller)} whose failures {@code explainer} explains. */
        static RunningStage of(java.util.concurrent.CompletableFuture<Integer> exit, Signaller signaller,
                               java.util.function.Supplier<String> explainer) {
            return of(exit, signaller, explainer, () -> { });
        }

        /** {@link #of(java.util.concurrent.CompletableFuture, Signaller, java.util.function.Supplier)} that runs
         * {@code release} when the engine is done with it ({@link #release}). */
        static RunningStage of(java.util.concurrent.CompletableFuture<Integer> exit, Signaller signaller,
                               java.util.function.Supplier<String> explainer, Runnable release) {
            return new RunningStage() {
                @Override
                public void release() {
                    release.run();
                }

                @Override
                public String explainFailure() {
                    return explainer.get();
                }

                @Override
                public java.util.concurrent.CompletableFuture<Integer> exit() {
                    return exit;
                }

                @Override
                public void signal(boolean kill) throws BuildError {
                    signaller.signal(kill);
                }
            };
        }
    }

    /** How an executor reaches a started stage's process group: {@link RunningStage#signal}. */
    @FunctionalInterface
    interface Signaller {
        void signal(boolean kill) throws BuildError;
    }

    /** Receives a stage's output as it comes, stdout and stderr kept apart. May be called from several threads. */
    interface StageOutput {
        void write(io.ocelot.core.protocol.Messages.LogStream stream, byte[] data);
    }
}
