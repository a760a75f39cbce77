package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.BuildRequest;
import io.ocelot.werker.engine.Cancellation;
import io.ocelot.werker.engine.EngineConfig;
import io.ocelot.werker.engine.Executor;
import io.ocelot.werker.engine.StageScript;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs a build in one container (DESIGN decision 7): created from the plan's image (pulled when missing, with the
 * job's registry credentials), labelled {@code ocelot.build} / {@code ocelot.werker}, {@code --init}, unprivileged,
 * with no volumes, binds or Docker socket. The workspace is copied in before start; the container's own process is
 * an idle shell that keeps it alive. Each stage is a {@code docker exec} of {@link StageScript#WRAPPER}; its
 * environment goes in the exec's Env (an API field, never a command line).
 *
 * <p>Signals: {@code docker exec} makes the stage's shell the leader of a new session and process group. The wrapper
 * writes its pid to {@code /.ocelot/stage-N.pid}; SIGTERM/SIGKILL go to the whole group ({@code kill -TERM -PGID})
 * through a second exec, so every child the stage started gets them, the keep-alive shell does not, and no host pid
 * is needed (the werker may talk to a remote engine). Processes a stage moved to a new session of their own escape
 * the group; they die with the container at the end of the build.
 *
 * <p>Hostile builds and hosts (issue 14): the container has the build's {@link ContainerLimits}; a failed stage is
 * explained by {@link StageDiagnosis} (out of memory, out of PIDs, disk limit, container killed from outside), and
 * when the container is gone later stages ({@code always} ones) get a new one; {@link ContainerWatch} unpauses a
 * paused container and enforces the disk limit; a script longer than one exec argument goes in a file; and the
 * container's own process ends after the build's time limit ({@link #lifetimeSeconds}), so a container whose
 * werker died stops by itself.
 */
public final class DockerExecutor implements Executor {
    public static final String LABEL_BUILD = "ocelot.build";
    public static final String LABEL_WERKER = "ocelot.werker";
    static final String KEEP_ALIVE = "trap 'exit 0' TERM; while :; do sleep 3600 & wait; done";
    /**
     * The container's own process when the build has a time limit: it ends (and the container with it, so nothing
     * of the build runs on) once the build could no longer be running, should the werker have died without removing
     * it. {@code $1} is the lifetime in seconds; see {@link #lifetimeSeconds}.
     */
    static final String KEEP_ALIVE_FOR = "trap 'exit 0' TERM; sleep \"$1\" & wait";
    /** Scripts longer than this go into a file in the container: one exec argument may hold at most 128 KiB. */
    static final int INLINE_SCRIPT_MAX = 32 * 1024;
    /** How often a running stage's container is looked at ({@link ContainerWatch}). */
    static final Duration WATCH_EVERY = Duration.ofSeconds(2);
    /**
     * Put in front of {@link StageScript#WRAPPER}: {@code $4} names the previous stage's pid file, and what is left of
     * that stage's process group (background children it did not wait for) gets SIGKILL before this stage begins, so
     * nothing of a finished stage runs on into the next one. Done here rather than by an exec of its own when a stage
     * ends: that would add a Docker round trip (~70-100 ms) to every stage; after the last stage the container's
     * removal ends everything. While the group has members its id cannot be given to another process; once it is
     * empty the kill finds nothing.
     */
    static final String END_PREVIOUS = "[ -z \"$4\" ] || { read -r p < \"$4\" && kill -KILL -\"$p\"; } 2>/dev/null; ";

    private final EngineConfig config;

    public DockerExecutor(EngineConfig config) {
        this.config = config;
    }

    @Override
    public Session open(BuildRequest request, Path workspace, Consumer<String> system, Cancellation stop)
            throws BuildError {
        DockerCalls calls = new DockerCalls(config);
        DockerSession session = new DockerSession(calls, request, workspace, system);
        try {
            session.start(stop);
            return session;
        } catch (BuildError | RuntimeException e) {
            session.close();
            if (e instanceof DockerException de) {
                throw new BuildError("Docker refused to set up the build container: " + DockerCalls.dockerMessage(de), de);
            }
            throw e;
        }
    }

    /**
     * How long a build's container may live: the build's time limit, then for each {@code always} stage the time it
     * may still run after that limit and its grace, then the margin. 0 (no end) for a build without a time limit.
     */
    long lifetimeSeconds(BuildPlan plan) {
        if (plan.timeoutSeconds() <= 0) {
            return 0;
        }
        long always = plan.stages().stream().filter(s -> s.always()).count();
        return plan.timeoutSeconds() + always * (config.afterDeadlineLimit().toSeconds() + config.grace().toSeconds())
                + config.grace().toSeconds() + config.selfStopMargin().toSeconds();
    }

    private final class DockerSession implements Session {
        private final DockerCalls calls;
        private final BuildRequest request;
        private final BuildPlan plan;
        private final Path workspace;
        private final Consumer<String> system;
        private final String workspacePath;
        private final ContainerLimits limits;
        private final StageDiagnosis diagnosis;
        private volatile String containerId;
        /** Set when a stage found the container gone: the next stage gets a new one. */
        private volatile boolean containerGone;
        /** The pid file of the stage that ran last: its leftovers are ended when the next one starts. */
        private String previousPidFile = "";

        DockerSession(DockerCalls calls, BuildRequest request, Path workspace, Consumer<String> system) {
            this.calls = calls;
            this.request = request;
            this.plan = request.plan();
            this.workspace = workspace;
            this.system = system;
            this.workspacePath = plan.workdir() == null || plan.workdir().isBlank()
                    ? BuildPlan.CONTAINER_WORKSPACE : plan.workdir();
            this.limits = ContainerLimits.of(config, plan.limitsOrNone());
            this.diagnosis = new StageDiagnosis(calls, limits.effective());
        }

        void start(Cancellation stop) throws BuildError {
            String image = plan.image();
            ImagePuller.ensure(config, calls, system, image, request.registryAuth(), stop);
            String described = limits.describe();
            if (described != null) {
                system.accept("$ limits: " + described);
            }
            createContainer();
        }

        /** A container for the build with the workspace as it was before the first stage, started. */
        private void createContainer() throws BuildError {
            String image = plan.image();
            String name = "ocelot-" + request.werkerName().replaceAll("[^a-zA-Z0-9_.-]", "_") + "-" + request.buildId()
                    + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
            system.accept("$ creating container " + name + " from " + image);
            long lifetime = lifetimeSeconds(plan);
            List<String> entrypoint = lifetime > 0
                    ? List.of("/bin/sh", "-c", KEEP_ALIVE_FOR, "ocelot-keep-alive", Long.toString(lifetime))
                    : List.of("/bin/sh", "-c", KEEP_ALIVE);
            CreateContainerResponse created = calls.call("create container", () -> calls.client()
                    .createContainerCmd(image)
                    .withName(name)
                    .withLabels(Map.of(LABEL_BUILD, Long.toString(request.buildId()),
                            LABEL_WERKER, request.werkerName()))
                    // images made by `docker import` have no config at all, so always say what to run
                    .withEntrypoint(entrypoint)
                    .withCmd(List.of())
                    .withWorkingDir("/")
                    .withHostConfig(limits.apply(HostConfig.newHostConfig().withInit(true).withPrivileged(false)))
                    .exec());
            containerId = created.getId();
            containerGone = false;
            previousPidFile = "";
            diagnosis.reset();
            Path tar = workspace.resolveSibling("workspace.tar");
            try {
                WorkspaceArchive.write(workspace, workspacePath, tar);
                calls.call("copy the workspace into the container",
                        calls.defaultTimeout().multipliedBy(5), () -> {
                            try (InputStream in = Files.newInputStream(tar)) {
                                calls.client().copyArchiveToContainerCmd(containerId).withRemotePath("/")
                                        .withTarInputStream(in).exec();
                            }
                            return null;
                        });
            } catch (IOException e) {
                throw new BuildError("could not pack the workspace for the container: " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(tar);
                } catch (IOException ignored) {
                    // the whole build directory goes away at the end anyway
                }
            }
            try {
                calls.call("start container", () -> calls.client().startContainerCmd(containerId).exec());
            } catch (DockerException e) {
                throw new BuildError("image '" + image + "' cannot run Ocelot stages (they need /bin/sh): "
                        + DockerCalls.dockerMessage(e), e);
            }
        }

        @Override
        public io.ocelot.werker.engine.reports.ReportFiles reportFiles() {
            return new ContainerReportFiles(calls, () -> containerId, workspacePath);
        }

        @Override
        public io.ocelot.werker.engine.files.WorkspaceFiles workspaceFiles() {
            return new ContainerWorkspaceFiles(calls, () -> containerId, workspacePath);
        }

        @Override
        public RunningStage buildImage(int index, io.ocelot.core.plan.ImageBuild build, StageOutput output) {
            return ImageBuildStage.start(calls, workspaceFiles(), config.workDir(), index, build,
                    request.registryAuth(), output);
        }

        @Override
        public RunningStage start(int index, String script, Map<String, String> env, String workdir,
                                  StageOutput output) throws BuildError {
            if (containerGone) {
                replaceContainer(index);
            }
            String pidFile = WorkspaceArchive.CONTROL_DIR + "/stage-" + index + ".pid";
            List<String> envList = new ArrayList<>(env.size());
            env.forEach((k, v) -> envList.add(k + "=" + v));
            String created;
            try {
                created = createExec(index, pidFile, workdir, script, envList);
            } catch (DockerException e) {
                // killed or removed between two stages: the stage still gets a container (an always stage must run)
                StageDiagnosis.Verdict v = diagnosis.explain(containerId, null, false, () -> { });
                if (v == null || !v.containerGone()) {
                    throw new BuildError("Docker could not start the stage: "
                            + (v == null ? DockerCalls.dockerMessage(e) : v.message()), e);
                }
                system.accept(v.message());
                replaceContainer(index);
                try {
                    created = createExec(index, pidFile, workdir, script, envList);
                } catch (DockerException again) {
                    throw new BuildError("Docker could not start the stage: " + DockerCalls.dockerMessage(again), again);
                }
            }
            String execId = created;
            previousPidFile = pidFile;
            ContainerWatch watch = new ContainerWatch(calls, containerId, limits.effective().diskBytes(),
                    line -> output.write(LogStream.SYSTEM, ("ocelot: " + line + "\n")
                            .getBytes(StandardCharsets.UTF_8)),
                    () -> signalGroup(pidFile, "KILL")).start(WATCH_EVERY);
            StageStream stream = new StageStream(calls, index, execId, output);
            CompletableFuture<Integer> exit = stream.exit();
            try {
                calls.call("start the exec of stage " + index,
                        () -> calls.client().execStartCmd(execId).withDetach(false).exec(stream));
            } catch (DockerException e) {
                throw new BuildError("Docker could not start the stage: " + DockerCalls.dockerMessage(e), e);
            }
            exit.whenComplete((c, t) -> watch.stop());
            return RunningStage.of(exit, kill -> signalGroup(pidFile, kill ? "KILL" : "TERM"),
                    () -> explain(watch, pidFile, exit.getNow(null)));
        }

        private String explain(ContainerWatch watch, String pidFile, Integer exitCode) {
            try {
                StageDiagnosis.Verdict v = diagnosis.explain(containerId, exitCode, watch.diskExceeded(),
                        () -> signalGroup(pidFile, "KILL"));
                if (v == null) {
                    return null;
                }
                if (v.containerGone()) {
                    containerGone = true;
                }
                return v.message();
            } catch (BuildError e) {
                return null; // Docker cannot tell: the exit code is all there is
            }
        }

        /** The container went away under a stage: later stages ({@code always} ones) get a new one. */
        private void replaceContainer(int index) throws BuildError {
            String old = containerId;
            try {
                removeContainer(calls, old);
            } catch (DockerException | BuildError e) {
                // the janitor removes what is left of it
            }
            system.accept("the build container is gone; stage " + (index + 1) + " and later ones run in a new "
                    + "container with the workspace as it was before the first stage");
            try {
                createContainer();
            } catch (DockerException e) {
                throw new BuildError("Docker refused a new build container: " + DockerCalls.dockerMessage(e), e);
            }
        }

        /**
         * Copies a long script into the container and returns the short one that runs it ({@code .} keeps it in the
         * stage's {@code sh -e}, so errexit, variables and {@code cd} behave as inline).
         */
        private String scriptFile(int index, String script) throws BuildError {
            String path = WorkspaceArchive.CONTROL_DIR + "/stage-" + index + ".sh";
            byte[] tar;
            try {
                tar = WorkspaceArchive.singleFile(path, script.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new BuildError("could not pack the stage's script: " + e.getMessage(), e);
            }
            try {
                calls.call("copy the stage's script into the container", () -> {
                    calls.client().copyArchiveToContainerCmd(containerId).withRemotePath("/")
                            .withTarInputStream(new ByteArrayInputStream(tar)).exec();
                    return null;
                });
            } catch (DockerException e) {
                throw new BuildError("could not copy the stage's script into the container: "
                        + DockerCalls.dockerMessage(e), e);
            }
            return ". " + path + "\n";
        }

        private String createExec(int index, String pidFile, String workdir, String script, List<String> envList)
                throws BuildError {
            String run = script.getBytes(StandardCharsets.UTF_8).length > INLINE_SCRIPT_MAX
                    ? scriptFile(index, script) : script;
            return calls.call("create the exec of stage " + index, () -> calls.client()
                    .execCreateCmd(containerId)
                    .withCmd("/bin/sh", "-c", END_PREVIOUS + StageScript.WRAPPER, "ocelot-stage", pidFile,
                            workdir(workdir), run, previousPidFile)
                    .withEnv(envList)
                    .withAttachStdin(false)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec().getId());
        }

        /** {@code kill -SIG -PGID} from inside the container; waits briefly for the pid file of a just-started stage. */
        private void signalGroup(String pidFile, String signal) throws BuildError {
            String cmd = "i=0; while [ ! -s " + pidFile + " ] && [ $i -lt 50 ]; do sleep 0.1 2>/dev/null || sleep 1; "
                    + "i=$((i+1)); done; read -r p < " + pidFile + " && kill -" + signal + " -$p";
            try {
                calls.call("signal the stage (" + signal + ")", () -> {
                    String id = calls.client().execCreateCmd(containerId).withCmd("/bin/sh", "-c", cmd)
                            .withAttachStdout(true).withAttachStderr(true).exec().getId();
                    calls.client().execStartCmd(id).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion();
                    return null;
                });
            } catch (DockerException e) {
                // the container or the stage is already gone: nothing left to signal
            }
        }

        private String workdir(String stageWorkdir) {
            if (stageWorkdir == null || stageWorkdir.isBlank()) {
                return workspacePath;
            }
            return stageWorkdir.startsWith("/") ? stageWorkdir : workspacePath + "/" + stageWorkdir;
        }

        @Override
        public void close() {
            String id = containerId;
            if (id != null) {
                try {
                    removeContainer(calls, id);
                } catch (BuildError | RuntimeException e) {
                    // the client may have been closed after a hang: one more try with a fresh one
                    try (DockerCalls fresh = new DockerCalls(config)) {
                        removeContainer(fresh, id);
                    } catch (BuildError | RuntimeException again) {
                        system.accept("could not remove container " + id.substring(0, 12) + " ("
                                + again.getMessage() + "); the werker's janitor removes it later");
                    }
                }
            }
            calls.close();
        }
    }

    static void removeContainer(DockerCalls calls, String id) throws BuildError {
        try {
            calls.call("remove container", () -> calls.client().removeContainerCmd(id).withForce(true)
                    .withRemoveVolumes(true).exec());
        } catch (NotFoundException gone) {
            // already gone
        }
    }
}
