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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
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
 *
 * <p>With a {@link StageUser} (the werker's {@code --stage-user}) the stage runs as that user
 * ({@code setpriv ... setsid /bin/sh ...}: both exec in place, so the stage's pid is still its group's id), with the
 * workspace, a private {@code HOME} and {@code TMPDIR} of the build owned by it, and nothing else of the werker's
 * work directory readable. Without one it runs as the werker's own user, which can read everything the werker can.
 *
 * <p>When the stage's shell exits, the rest of its process group is ended too (after its output is read), so nothing
 * a stage started in the background outlives it.
 */
public final class HostShellExecutor implements Executor {
    private static final List<String> PASSED_THROUGH =
            List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "TZ", "TMPDIR");
    /** How long to wait for a stage's pipes after its shell exited (a background child may hold them open). */
    static final Duration DEFAULT_PIPE_LINGER = Duration.ofSeconds(2);
    /** After ending the rest of the stage's group: how long to read what is still in its pipes. */
    private static final long DRAIN_AFTER_KILL_MS = 10_000;

    private final StageUser user;
    private final long pipeLingerMillis;

    /** Stages run as the werker's own user. */
    public HostShellExecutor() {
        this(null, DEFAULT_PIPE_LINGER);
    }

    /** Stages run as {@code user} (null: as the werker's own user). */
    public HostShellExecutor(StageUser user) {
        this(user, DEFAULT_PIPE_LINGER);
    }

    /** {@code pipeLinger}: how long a stage's leftovers may hold its output open after its shell exited. */
    public HostShellExecutor(StageUser user, Duration pipeLinger) {
        this.user = user;
        this.pipeLingerMillis = pipeLinger.toMillis();
    }

    @Override
    public Session open(BuildRequest request, Path workspace, Consumer<String> system, Cancellation stop)
            throws BuildError {
        BuildPlan plan = request.plan();
        String planRoot = plan.workdir() == null || plan.workdir().isBlank() ? BuildPlan.CONTAINER_WORKSPACE : plan.workdir();
        Path buildDir = workspace.getParent();
        Path home = buildDir.resolve("home");
        Path tmp = buildDir.resolve("tmp");
        if (user != null) {
            handOver(workspace, buildDir, home, tmp);
        }
        system.accept("running on the host shell (machineTag " + plan.machineTag() + ") in " + workspace
                + (user == null ? "" : " as user " + user));
        return new Session() {
            @Override
            public RunningStage start(int index, String script, Map<String, String> env, String workdir,
                                      StageOutput output) throws BuildError {
                List<String> cmd = new java.util.ArrayList<>(user == null ? List.of() : user.command());
                cmd.addAll(List.of("setsid", "/bin/sh", "-c", StageScript.WRAPPER, "ocelot-stage",
                        "-", hostWorkdir(workspace, planRoot, workdir).toString(), script));
                ProcessBuilder pb = new ProcessBuilder(cmd);
                pb.directory(workspace.toFile());
                Map<String, String> e = pb.environment();
                Map<String, String> inherited = Map.copyOf(e);
                e.clear();
                for (String k : PASSED_THROUGH) {
                    if (inherited.containsKey(k)) {
                        e.put(k, inherited.get(k));
                    }
                }
                if (user != null) { // the stage user's own places, not the werker's
                    e.put("HOME", home.toString());
                    e.put("TMPDIR", tmp.toString());
                    e.put("USER", user.name());
                    e.put("LOGNAME", user.name());
                }
                e.putAll(env);
                if (env.containsKey("WORKSPACE")) { // the planner's built-in names the container path
                    e.put("WORKSPACE", workspace.toString());
                }
                StagePipes pipes = StagePipes.make(buildDir.resolve("pipes"));
                CompletableFuture<Void> out;
                CompletableFuture<Void> err;
                if (pipes != null) {
                    pb.redirectOutput(pipes.out.toFile()).redirectError(pipes.err.toFile());
                    // the readers wait for the writer the JVM opens in start(): they must be waiting first
                    out = pump(() -> StagePipes.openForReading(pipes.out), LogStream.STDOUT, output);
                    err = pump(() -> StagePipes.openForReading(pipes.err), LogStream.STDERR, output);
                } else {
                    out = null;
                    err = null;
                }
                Process p;
                try {
                    p = pb.start();
                } catch (IOException ex) {
                    if (pipes != null) {
                        pipes.release(true);
                    }
                    throw new BuildError("could not start the stage's shell on the host: " + ex.getMessage(), ex);
                }
                try {
                    p.getOutputStream().close(); // stages read no input
                } catch (IOException ignored) {
                    // already closed
                }
                if (pipes != null) {
                    pipes.release(false);
                } else {
                    out = pump(p::getInputStream, LogStream.STDOUT, output);
                    err = pump(p::getErrorStream, LogStream.STDERR, output);
                }
                CompletableFuture<Void> drained = CompletableFuture.allOf(out, err);
                long pgid = p.pid();
                CompletableFuture<Integer> exit = p.onExit().thenApplyAsync(done -> {
                    if (awaitQuietly(drained, pipeLingerMillis)) {
                        // The pipes are closed, but a child may have let go of them and still be running
                        // (`daemon >/dev/null 2>&1 &`): the stage is over, and so is its group.
                        endLeftovers(pgid);
                    } else {
                        // The shell is gone but something of its group still holds the pipes (a `cmd &` left
                        // running). The stage is over: end the rest of its group, then read what is left in the
                        // pipes to the end, so no line the stage wrote is lost.
                        endLeftovers(pgid);
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
            public io.ocelot.werker.engine.reports.ReportFiles reportFiles() {
                return new io.ocelot.werker.engine.reports.HostReportFiles(workspace);
            }

            @Override
            public io.ocelot.werker.engine.files.WorkspaceFiles workspaceFiles() {
                return new io.ocelot.werker.engine.files.HostWorkspaceFiles(workspace);
            }

            @Override
            public void close() {
                // nothing outside the workspace, which the engine removes
            }
        };
    }

    /**
     * Gives the stage user the build's workspace, HOME and TMPDIR; the build directory itself stays the werker's
     * (0711: the user may pass through it to those, but not list it). Fails the build with the reason when the user
     * cannot reach the build directory at all.
     */
    private void handOver(Path workspace, Path buildDir, Path home, Path tmp) throws BuildError {
        try {
            Files.setPosixFilePermissions(buildDir, PosixFilePermissions.fromString("rwx--x--x"));
            java.util.Optional<String> blocked = user.cannotReach(buildDir);
            if (blocked.isPresent()) {
                throw new BuildError("host-shell stages run as " + user + ", who cannot reach the workspace: "
                        + blocked.get());
            }
            Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rwx------");
            Files.createDirectories(home, PosixFilePermissions.asFileAttribute(owner));
            Files.createDirectories(tmp, PosixFilePermissions.asFileAttribute(owner));
            // -h -P: a symbolic link in the checkout is changed itself, never what it points to
            Process p = new ProcessBuilder("chown", "-R", "-h", "-P", user.uid() + ":" + user.gid(),
                    workspace.toString(), home.toString(), tmp.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new BuildError("cannot give the workspace to the stage user " + user + ": " + out);
            }
        } catch (IOException e) {
            throw new BuildError("cannot prepare the workspace for the stage user " + user + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BuildError.cancelled("interrupted");
        }
    }

    /**
     * SIGKILL to what is left of a finished stage's process group, if anything is. The group's id is the dead
     * shell's pid, so first make sure the group still has members of the stage's own session (the stage's shell
     * was its session leader, so session id = group id): once the group is empty the number could in principle
     * name another process's group, which must never be signalled.
     */
    private static void endLeftovers(long pgid) {
        if (!groupHasMembers(pgid)) {
            return;
        }
        try {
            signalGroup(pgid, "KILL");
        } catch (IOException | InterruptedException gone) {
            // the group is already gone
        }
    }

    /** True when some process is in process group {@code pgid} and session {@code pgid} ({@code /proc/PID/stat}). */
    static boolean groupHasMembers(long pgid) {
        java.io.File[] procs = new java.io.File("/proc").listFiles((d, name) -> name.chars().allMatch(Character::isDigit));
        if (procs == null) {
            return true; // cannot tell: the group's id is still ours until proven otherwise
        }
        for (java.io.File proc : procs) {
            try {
                String stat = Files.readString(proc.toPath().resolve("stat"));
                // pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(f[2]) == pgid && Long.parseLong(f[3]) == pgid) {
                    return true;
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended while we looked
            }
        }
        return false;
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

    /** Where a pump reads from: opened on the pump's own thread (a named pipe's open waits for its writer). */
    private interface Source {
        InputStream open() throws IOException;
    }

    private static CompletableFuture<Void> pump(Source source, LogStream stream, StageOutput output) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = source.open()) {
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
