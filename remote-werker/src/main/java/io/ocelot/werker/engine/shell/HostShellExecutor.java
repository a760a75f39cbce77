package io.ocelot.werker.engine.shell;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.BuildRequest;
import io.ocelot.werker.engine.Cancellation;
import io.ocelot.werker.engine.Executor;
import io.ocelot.werker.engine.StageScript;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a {@code machineTag} build's stages in the werker host's own shell, in the workspace directory. Each stage
 * is {@code setsid /bin/sh -c WRAPPER}: a new session and process group whose id is the stage's pid (a child of the
 * JVM is never a group leader, so {@code setsid} does not fork), so SIGTERM/SIGKILL reach every process the stage
 * started ({@code kill -TERM -PGID}).
 *
 * <p>The stage does not inherit the werker's environment (which holds the werker's token): it gets only PATH, HOME,
 * USER, LOGNAME, SHELL, LANG, LC_ALL, TZ and TMPDIR from it, then the stage env.
 */
public final class HostShellExecutor implements Executor {
    private static final List<String> PASSED_THROUGH =
            List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "TZ", "TMPDIR");
    /** How long to wait for a stage's pipes after its shell exited (a background child may hold them open). */
    private static final long PIPE_LINGER_MS = 2000;
    /** After ending the rest of the stage's group: how long to read what is still in its pipes. */
    private static final long DRAIN_AFTER_KILL_MS = 10_000;

    @Override
    public Session open(BuildRequest request, Path workspace, Consumer<String> system, Cancellation stop)
            throws BuildError {
        BuildPlan plan = request.plan();
        String planRoot = plan.workdir() == null || plan.workdir().isBlank() ? BuildPlan.CONTAINER_WORKSPACE : plan.workdir();
        system.accept("running on the host shell (machineTag " + plan.machineTag() + ") in " + workspace);
        return new Session() {
            @Override
            public RunningStage start(int index, String script, Map<String, String> env, String workdir,
                                      StageOutput output) throws BuildError {
                ProcessBuilder pb = new ProcessBuilder("setsid", "/bin/sh", "-c", StageScript.WRAPPER, "ocelot-stage",
                        "-", hostWorkdir(workspace, planRoot, workdir).toString(), script);
                pb.directory(workspace.toFile());
                Map<String, String> e = pb.environment();
                Map<String, String> inherited = Map.copyOf(e);
                e.clear();
                for (String k : PASSED_THROUGH) {
                    if (inherited.containsKey(k)) {
                        e.put(k, inherited.get(k));
                    }
                }
                e.putAll(env);
                if (env.containsKey("WORKSPACE")) { // the planner's built-in names the container path
                    e.put("WORKSPACE", workspace.toString());
                }
                Process p;
                try {
                    p = pb.start();
                } catch (IOException ex) {
                    throw new BuildError("could not start the stage's shell on the host: " + ex.getMessage(), ex);
                }
                try {
                    p.getOutputStream().close(); // stages read no input
                } catch (IOException ignored) {
                    // already closed
                }
                CompletableFuture<Void> out = pump(p.getInputStream(), LogStream.STDOUT, output);
                CompletableFuture<Void> err = pump(p.getErrorStream(), LogStream.STDERR, output);
                long pgid = p.pid();
                CompletableFuture<Integer> exit = p.onExit().thenApplyAsync(done -> {
                    CompletableFuture<Void> drained = CompletableFuture.allOf(out, err);
                    if (!awaitQuietly(drained, PIPE_LINGER_MS)) {
                        // The shell is gone but something of its group still holds the pipes (a `cmd &` left
                        // running). The stage is over: end the rest of its group, then read what is left in the
                        // pipes to the end, so no line the stage wrote is lost.
                        try {
                            signalGroup(pgid, "KILL");
                        } catch (IOException | InterruptedException gone) {
                            // the group is already gone
                        }
                        if (!awaitQuietly(drained, DRAIN_AFTER_KILL_MS)) {
                            output.write(LogStream.SYSTEM, ("ocelot: a process that left the stage's process group "
                                    + "still holds its output open; what it writes from now on is not recorded\n")
                                    .getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    return done.exitValue();
                });
                return RunningStage.of(exit, kill -> {
                    try {
                        signalGroup(pgid, kill ? "KILL" : "TERM");
                    } catch (IOException ex) {
                        throw new BuildError("could not signal the stage: " + ex.getMessage(), ex);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                });
            }

            @Override
            public void close() {
                // nothing outside the workspace, which the engine removes
            }
        };
    }

    private static void signalGroup(long pgid, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor(10, TimeUnit.SECONDS);
    }

    /** True when {@code f} completed within {@code millis}. */
    private static boolean awaitQuietly(CompletableFuture<?> f, long millis) {
        try {
            f.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static CompletableFuture<Void> pump(InputStream in, LogStream stream, StageOutput output) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (n > 0) {
                        output.write(stream, java.util.Arrays.copyOf(buf, n));
                    }
                }
            } catch (IOException ignored) {
                // the pipe closed under us
            } finally {
                done.complete(null);
            }
        }, "ocelot-stage-" + stream.name().toLowerCase());
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** The plan's container paths ({@code /workspace/...}) and relative paths mean the same place on the host. */
    static Path hostWorkdir(Path workspace, String planRoot, String stageWorkdir) {
        if (stageWorkdir == null || stageWorkdir.isBlank()) {
            return workspace;
        }
        if (stageWorkdir.equals(planRoot)) {
            return workspace;
        }
        if (stageWorkdir.startsWith(planRoot + "/")) {
            return workspace.resolve(stageWorkdir.substring(planRoot.length() + 1));
        }
        return stageWorkdir.startsWith("/") ? Path.of(stageWorkdir) : workspace.resolve(stageWorkdir);
    }
}
