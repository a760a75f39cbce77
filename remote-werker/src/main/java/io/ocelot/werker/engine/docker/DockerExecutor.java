package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.VolumeOptions;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.plan.ServiceSpec;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.BuildRequest;
import io.ocelot.werker.engine.Cancellation;
import io.ocelot.werker.engine.EngineConfig;
import io.ocelot.werker.engine.Executor;
import io.ocelot.werker.engine.StageCommand;
import io.ocelot.werker.engine.StageScript;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs a build in its containers (DESIGN decision 7): the build container, created from the plan's image (pulled when
 * missing, with the job's registry credentials), labelled {@code ocelot.build} / {@code ocelot.werker}, {@code --init},
 * unprivileged, with no host directory and no Docker socket. The workspace lives in a named volume of the build
 * ({@link BuildNetwork}), copied in once through the build container (created and started while the clone runs); it mounts it
 * at the workspace path for the whole build (it is also where files are copied in and out of the workspace) and its
 * own process is an idle shell that keeps it alive. Each stage is a {@code docker exec} of {@link StageScript#WRAPPER};
 * its environment goes in the exec's Env (an API field, never a command line).
 *
 * <p>Stages of a file-order build without an {@code image} of their own run in the build container one after the
 * other, so what one installs is there for the next. A stage with an {@code image}, and every stage of a stage graph,
 * runs in a container of its own (same labels, limits, network and volume; its image pulled before the first stage),
 * removed when the stage is over. The build's services ({@link BuildServices}) and every container are on the
 * build's own network; everything the build made is removed at its end.
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
    /** On a service's container: the service's name. */
    public static final String LABEL_SERVICE = "ocelot.service";
    /** On a stage's own container: the stage's index in the plan. */
    public static final String LABEL_STAGE = "ocelot.stage";
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

    /** {@code s} as part of a Docker object's name (containers, networks and volumes allow [a-zA-Z0-9_.-]). */
    static String nameSafe(String s) {
        return s.replaceAll("[^a-zA-Z0-9_.-]", "_");
    }

    private final EngineConfig config;
    /** Build containers made ready between builds ({@link ReadyContainers}); null: every build creates its own. */
    private final ReadyContainers ready;

    public DockerExecutor(EngineConfig config) {
        this(config, null);
    }

    public DockerExecutor(EngineConfig config, ReadyContainers ready) {
        this.config = config;
        this.ready = ready;
    }

    @Override
    public Session open(BuildRequest request, Path workspace, Consumer<String> system, Cancellation stop)
            throws BuildError {
        return open(request, CompletableFuture.completedFuture(workspace), system, stop);
    }

    /**
     * Pulls the images, creates and starts the build container (and its services) while the workspace is still
     * being made; copies the workspace in once it is there.
     */
    @Override
    public Session open(BuildRequest request, CompletableFuture<Path> workspace, Consumer<String> system,
                        Cancellation stop) throws BuildError {
        DockerCalls calls = new DockerCalls(config);
        ReadyContainers.Key key = readyKey(request.plan());
        ReadyContainers.Ready adopted = key == null ? null : ready.take(key);
        DockerSession session = new DockerSession(calls, request, system, key, adopted);
        try {
            if (!session.start(workspace, stop)) {
                session.close(); // stopped once the workspace was there: nothing runs
                return null;
            }
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
     * What a ready container must match to serve this plan's build, or null when none can: no ready containers here,
     * or the build has services (its containers join a network of the build's own, made for it).
     */
    private ReadyContainers.Key readyKey(BuildPlan plan) {
        if (ready == null || !plan.services().isEmpty() || plan.image() == null || plan.image().isBlank()) {
            return null;
        }
        return new ReadyContainers.Key(plan.image(), workspacePath(plan),
                ContainerLimits.of(config, plan.limitsOrNone()).effective());
    }

    private static String workspacePath(BuildPlan plan) {
        return plan.workdir() == null || plan.workdir().isBlank() ? BuildPlan.CONTAINER_WORKSPACE : plan.workdir();
    }

    /**
     * What every container of a build has: limits, init, no privileges, the network ({@code networkMode}, null: Docker's
     * default bridge) and, when {@code volume} is not null, the workspace volume at {@code workspacePath}, created by
     * this mount with {@code volumeLabels} when it does not exist yet (no call of its own).
     */
    static HostConfig hostConfig(ContainerLimits limits, String networkMode, String volume, String workspacePath,
                                 Map<String, String> volumeLabels) {
        HostConfig host = HostConfig.newHostConfig().withInit(true).withPrivileged(false);
        if (networkMode != null) {
            host.withNetworkMode(networkMode);
        }
        if (volume != null) {
            host.withMounts(List.of(new Mount().withType(MountType.VOLUME).withSource(volume)
                    .withTarget(workspacePath)
                    .withVolumeOptions(new VolumeOptions().withLabels(volumeLabels))));
        }
        return limits.apply(host);
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

    /** A stage's exec created before the stage's turn: it serves that stage, with that command, in that container. */
    private record ReadyStage(int index, StageCommand command, String containerId, String execId) {
        boolean serves(int stage, StageCommand wanted, String container) {
            return index == stage && command.equals(wanted) && containerId.equals(container);
        }
    }

    private final class DockerSession implements Session {
        private final DockerCalls calls;
        private final BuildRequest request;
        private final BuildPlan plan;
        /** The host directory the workspace was made in; set once it is there. */
        private volatile Path workspace;
        /** The workspace being made while the first build container is set up (see {@link #createContainer}). */
        private CompletableFuture<Path> pendingWorkspace;
        private final Consumer<String> system;
        private final String workspacePath;
        private final ContainerLimits limits;
        private final StageDiagnosis diagnosis;
        private volatile String containerId;
        /** The name shared by the build container, the network and the volume; its stages' and services' start with it. */
        private final String baseName;
        private final BuildNetwork network;
        private final BuildServices services;
        /** Stages running in a container of their own, by plan index: removed when the stage is released. */
        private final Map<Integer, String> stageContainers = new ConcurrentHashMap<>();
        /** Set when a stage found the container gone: the next stage gets a new one. */
        private volatile boolean containerGone;
        /** What a ready container for the next build like this one must match (null: none is made). */
        private final ReadyContainers.Key readyKey;
        /** The ready container this build adopted as its build container, or null. */
        private final ReadyContainers.Ready adopted;
        /** The pid file of the stage that ran last: its leftovers are ended when the next one starts. */
        private String previousPidFile = "";
        /** The first stage's exec, made while the workspace was made ({@link #readyFirstStage}); taken by its start. */
        private volatile ReadyStage readyStage;

        DockerSession(DockerCalls calls, BuildRequest request, Consumer<String> system, ReadyContainers.Key readyKey,
                      ReadyContainers.Ready adopted) {
            this.calls = calls;
            this.readyKey = readyKey;
            this.adopted = adopted;
            this.request = request;
            this.plan = request.plan();
            this.system = system;
            this.workspacePath = workspacePath(plan);
            this.limits = ContainerLimits.of(config, plan.limitsOrNone());
            this.diagnosis = new StageDiagnosis(calls, limits.effective());
            // an adopted container's name is also its volume's, which the build's other containers mount
            this.baseName = adopted != null ? adopted.name()
                    : "ocelot-" + nameSafe(request.werkerName()) + "-"
                    + request.buildId() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
            this.network = new BuildNetwork(baseName, labels());
            this.services = new BuildServices(calls, system);
        }

        /** False when {@code stop} was cancelled by the time the workspace was made. */
        boolean start(CompletableFuture<Path> workspaceMade, Cancellation stop) throws BuildError {
            // the build's own image is looked for by creating the build container from it (createContainer)
            for (String other : otherImages()) {
                ImagePuller.ensure(config, calls, system, other, authFor(other), stop);
            }
            String described = limits.describe();
            if (described != null) {
                system.accept("$ limits: " + described + (ownContainers() ? " (each container of the build)" : ""));
            }
            network.create(calls, system, !plan.services().isEmpty());
            pendingWorkspace = workspaceMade;
            if (adopted != null) {
                system.accept("$ using container " + adopted.name() + " from " + plan.image()
                        + " (made ready after the previous build)");
                containerId = adopted.id();
                ImagePuller.used(config, plan.image());
            } else {
                createContainer(true, stop);
            }
            for (ServiceSpec spec : plan.services()) {
                services.start(spec, baseName + "-svc-" + nameSafe(spec.name()),
                        labels(), hostConfig(false));
            }
            if (workspace == null) {
                readyFirstStage();
                workspace = Executor.awaitWorkspace(workspaceMade, stop);
                if (workspace == null) {
                    return false;
                }
                copyWorkspaceIn(); // into the running container: it started while the workspace was made
            }
            return true;
        }

        /**
         * Creates the exec of the build's first stage while the workspace is still being made: Docker is idle then,
         * and the stage starts one Docker call sooner when its turn comes ({@link #start} takes it when the stage's
         * command is the one made ready). Only for a plain shell stage in the build container whose script goes inline:
         * a script file would need the control directory, which comes with the workspace. An exec that is never
         * started goes with its container.
         */
        private void readyFirstStage() {
            if (plan.isGraph()) {
                return;
            }
            for (int i = 0; i < plan.stages().size(); i++) {
                PlannedStage s = plan.stages().get(i);
                if (s.skipped()) {
                    continue;
                }
                if (s.buildImage() != null || ownContainer(s)) {
                    return;
                }
                StageCommand command = StageCommand.of(s, request.secrets());
                if (command.script().getBytes(StandardCharsets.UTF_8).length > INLINE_SCRIPT_MAX) {
                    return;
                }
                String pidFile = pidFile(i);
                try {
                    String execId = createExec(containerId, i, pidFile, command.workdir(), command.script(),
                            envList(command.env()), previousPidFile);
                    readyStage = new ReadyStage(i, command, containerId, execId);
                } catch (BuildError | DockerException e) {
                    // the stage creates its exec at its turn, and says then what Docker does not take
                }
                return;
            }
        }

        /** True when some stage runs in a container of its own. */
        private boolean ownContainers() {
            return plan.stages().stream().anyMatch(s -> !s.skipped() && ownContainer(s));
        }

        /** A stage of a graph, and a stage with an image of its own, runs in a container of its own. */
        private boolean ownContainer(PlannedStage s) {
            return s.buildImage() == null && (s.inGraph() || (s.image() != null && !s.image().isBlank()));
        }

        /** The images of the stages and services besides the build's own, each once. */
        private Set<String> otherImages() {
            Set<String> images = new LinkedHashSet<>();
            for (PlannedStage s : plan.stages()) {
                if (!s.skipped() && ownContainer(s) && s.image() != null && !s.image().isBlank()) {
                    images.add(s.image());
                }
            }
            plan.services().forEach(s -> images.add(s.image()));
            images.remove(plan.image());
            return images;
        }

        /**
         * The job's registry credentials are for the registry of the build's image: they go with a pull from that
         * registry only, never to another one.
         */
        private io.ocelot.core.protocol.Messages.RegistryAuth authFor(String image) {
            return registryOf(image).equals(registryOf(plan.image())) ? request.registryAuth() : null;
        }

        private Map<String, String> labels() {
            return Map.of(LABEL_BUILD, Long.toString(request.buildId()), LABEL_WERKER, request.werkerName());
        }

        /** What every container of the build has: limits, init, the build's network (if any), the workspace volume. */
        private HostConfig hostConfig(boolean workspaceVolume) {
            // the first container to mount it creates the volume, with the build's labels (no call of its own)
            return DockerExecutor.hostConfig(limits, network.networkMode(), workspaceVolume ? network.name() : null,
                    workspacePath, labels());
        }

        /** Creates a stage-running container of {@code image}: idle shell, labels, host config. Not started. */
        private String createIdle(String name, String image, Map<String, String> labels) throws BuildError {
            long lifetime = lifetimeSeconds(plan);
            List<String> entrypoint = lifetime > 0
                    ? List.of("/bin/sh", "-c", KEEP_ALIVE_FOR, "ocelot-keep-alive", Long.toString(lifetime))
                    : List.of("/bin/sh", "-c", KEEP_ALIVE);
            CreateContainerResponse created = calls.call("create container", () -> calls.client()
                    .createContainerCmd(image)
                    .withName(name)
                    .withLabels(labels)
                    // images made by `docker import` have no config at all, so always say what to run
                    .withEntrypoint(entrypoint)
                    .withCmd(List.of())
                    .withWorkingDir("/")
                    .withHostConfig(hostConfig(true))
                    .exec());
            return created.getId();
        }

        /**
         * The build container, started. The first one ({@code first}) gets the workspace copied in by
         * {@link #start} once it is made (the copy brings Ocelot's control directory too); a replacement finds the
         * volume as the stages left it and gets the control directory only.
         */
        private void createContainer(boolean first, Cancellation stop) throws BuildError {
            String image = plan.image();
            String name = baseName + (first ? "" : "-" + Long.toHexString(System.nanoTime() & 0xffff));
            system.accept("$ creating container " + name + " from " + image);
            containerId = first ? createFromBuildImage(name, image, stop) : createIdle(name, image, labels());
            containerGone = false;
            previousPidFile = "";
            diagnosis.reset();
            if (!first) {
                copyControlDir(containerId);
            } else if (pendingWorkspace.isDone() && !pendingWorkspace.isCompletedExceptionally()) {
                // already made (a small clone, a local copy): copied before the start, which is quicker than into
                // a running container; otherwise the container starts now and the copy follows in start()
                workspace = Executor.awaitWorkspace(pendingWorkspace, stop);
                if (workspace != null) {
                    copyWorkspaceIn();
                }
            }
            startContainer(containerId, image);
        }

        /**
         * The build container from the build's image, which is pulled only when the create says it is missing: one
         * Docker call fewer per build than looking the image up first.
         */
        private String createFromBuildImage(String name, String image, Cancellation stop) throws BuildError {
            try {
                String id = createIdle(name, image, labels());
                ImagePuller.used(config, image);
                return id;
            } catch (NotFoundException missing) {
                ImagePuller.ensure(config, calls, system, image, request.registryAuth(), stop);
                return createIdle(name, image, labels());
            }
        }

        private void startContainer(String id, String image) throws BuildError {
            try {
                calls.call("start container", () -> calls.client().startContainerCmd(id).exec());
            } catch (DockerException e) {
                throw new BuildError("image '" + image + "' cannot run Ocelot stages (they need /bin/sh): "
                        + DockerCalls.dockerMessage(e), e);
            }
        }

        /** Ocelot's own directory for the stages' pid and script files, in a container not started yet. */
        private void copyControlDir(String id) throws BuildError {
            byte[] tar;
            try {
                tar = WorkspaceArchive.controlDir();
            } catch (IOException e) {
                throw new BuildError("could not pack the stage's control directory: " + e.getMessage(), e);
            }
            calls.call("prepare the stage's container", () -> {
                calls.client().copyArchiveToContainerCmd(id).withRemotePath("/")
                        .withTarInputStream(new ByteArrayInputStream(tar)).exec();
                return null;
            });
        }

        private void copyWorkspaceIn() throws BuildError {
            Path tar = workspace.resolveSibling("workspace.tar");
            try {
                // the lifetime is for an adopted ready container's own process (ReadyContainers.KEEP_READY)
                WorkspaceArchive.write(workspace, workspacePath, tar, Map.of(ReadyContainers.LIFETIME_FILE_NAME,
                        (lifetimeSeconds(plan) + "\n").getBytes(StandardCharsets.UTF_8)));
                Duration limit = calls.defaultTimeout().multipliedBy(5);
                if (adopted != null && containerId.equals(adopted.id())) {
                    if (ReadyContainers.handOver(calls, containerId, tar, limit)) {
                        return;
                    }
                    system.accept("the ready container could not unpack the workspace itself (its image has no "
                            + "head or tar, or its user may not write to /); copying it in through Docker");
                }
                calls.call("copy the workspace into the container", limit, () -> {
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
        }

        @Override
        public CompletableFuture<String> failure() {
            return services.failure();
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
            List<String> envList = envList(env);
            String pidFile = pidFile(index);
            PlannedStage stage = index >= 0 && index < plan.stages().size() ? plan.stages().get(index) : null;
            if (stage != null && ownContainer(stage)) {
                return startInOwnContainer(index, stage, pidFile, workdir, script, envList, output);
            }
            if (containerGone) {
                replaceContainer(index);
            }
            ReadyStage made = readyStage;
            readyStage = null;
            String created;
            try {
                created = made != null && made.serves(index, new StageCommand(script, env, workdir), containerId)
                        ? made.execId()
                        : createExec(containerId, index, pidFile, workdir, script, envList, previousPidFile);
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
                    created = createExec(containerId, index, pidFile, workdir, script, envList, previousPidFile);
                } catch (DockerException again) {
                    throw new BuildError("Docker could not start the stage: " + DockerCalls.dockerMessage(again), again);
                }
            }
            previousPidFile = pidFile;
            return run(containerId, index, created, pidFile, diagnosis, true, output, () -> { });
        }

        private static List<String> envList(Map<String, String> env) {
            List<String> list = new ArrayList<>(env.size());
            env.forEach((k, v) -> list.add(k + "=" + v));
            return list;
        }

        private static String pidFile(int index) {
            return WorkspaceArchive.CONTROL_DIR + "/stage-" + index + ".pid";
        }

        /** A stage in a container of its own (its image, or the build's), removed when the stage is released. */
        private RunningStage startInOwnContainer(int index, PlannedStage stage, String pidFile, String workdir,
                                                 String script, List<String> envList, StageOutput output)
                throws BuildError {
            String image = stage.image() != null && !stage.image().isBlank() ? stage.image() : plan.image();
            String name = baseName + "-stage-" + (index + 1);
            Map<String, String> stageLabels = new HashMap<>(labels());
            stageLabels.put(LABEL_STAGE, Integer.toString(index));
            output.write(LogStream.SYSTEM, ("ocelot: running in container " + name + " from " + image + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            String id;
            String execId;
            try {
                id = createIdle(name, image, stageLabels);
                stageContainers.put(index, id);
                copyControlDir(id);
                startContainer(id, image);
                execId = createExec(id, index, pidFile, workdir, script, envList, "");
            } catch (DockerException e) {
                throw new BuildError("Docker could not start the stage's container: " + DockerCalls.dockerMessage(e), e);
            }
            return run(id, index, execId, pidFile, new StageDiagnosis(calls, limits.effective()), false, output,
                    () -> removeStageContainer(index));
        }

        /** Starts the created exec of a stage in container {@code id} and watches it until it ends. */
        private RunningStage run(String id, int index, String execId, String pidFile, StageDiagnosis diag,
                                 boolean buildContainer, StageOutput output, Runnable release) throws BuildError {
            ContainerWatch watch = new ContainerWatch(calls, id, limits.effective().diskBytes(),
                    line -> output.write(LogStream.SYSTEM, ("ocelot: " + line + "\n")
                            .getBytes(StandardCharsets.UTF_8)),
                    () -> signalGroup(id, pidFile, "KILL"), this::workspaceBytes).start(WATCH_EVERY);
            StageStream stream = new StageStream(calls, index, execId, output);
            CompletableFuture<Integer> exit = stream.exit();
            try {
                calls.call("start the exec of stage " + index,
                        () -> calls.client().execStartCmd(execId).withDetach(false).exec(stream));
            } catch (DockerException e) {
                watch.stop();
                throw new BuildError("Docker could not start the stage: " + DockerCalls.dockerMessage(e), e);
            }
            exit.whenComplete((c, t) -> watch.stop());
            return RunningStage.of(exit, kill -> signalGroup(id, pidFile, kill ? "KILL" : "TERM"),
                    () -> explain(id, diag, buildContainer, watch, pidFile, exit.getNow(null)), release);
        }

        /**
         * What the build wrote into its workspace volume (which the containers' writable layers do not show), for
         * the disk limit: {@code du} in the build container.
         */
        private long workspaceBytes() throws BuildError {
            String id = containerId;
            StringBuilder out = new StringBuilder();
            try {
                calls.call("measure the workspace", () -> {
                    String exec = calls.client().execCreateCmd(id)
                            .withCmd("/bin/sh", "-c", "du -s -k \"$1\" 2>/dev/null", "ocelot-du", workspacePath)
                            .withAttachStdout(true).withAttachStderr(false).exec().getId();
                    calls.client().execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame f) {
                            synchronized (out) {
                                out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                            }
                        }
                    }).awaitCompletion();
                    return null;
                });
            } catch (DockerException e) {
                return 0;
            }
            synchronized (out) {
                String[] f = out.toString().strip().split("\\s+");
                try {
                    return f.length == 0 || f[0].isEmpty() ? 0 : Long.parseLong(f[0]) * 1024;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }

        private String explain(String id, StageDiagnosis diag, boolean buildContainer, ContainerWatch watch,
                               String pidFile, Integer exitCode) {
            try {
                StageDiagnosis.Verdict v = diag.explain(id, exitCode, watch.diskExceeded(),
                        () -> signalGroup(id, pidFile, "KILL"));
                if (v == null) {
                    return null;
                }
                if (v.containerGone() && buildContainer) {
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
                    + "container with the workspace as the stages left it");
            try {
                createContainer(false, null);
            } catch (DockerException e) {
                throw new BuildError("Docker refused a new build container: " + DockerCalls.dockerMessage(e), e);
            }
        }

        /**
         * Copies a long script into the container and returns the short one that runs it ({@code .} keeps it in the
         * stage's {@code sh -e}, so errexit, variables and {@code cd} behave as inline).
         */
        private String scriptFile(String id, int index, String script) throws BuildError {
            String path = WorkspaceArchive.CONTROL_DIR + "/stage-" + index + ".sh";
            byte[] tar;
            try {
                tar = WorkspaceArchive.singleFile(path, script.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new BuildError("could not pack the stage's script: " + e.getMessage(), e);
            }
            try {
                calls.call("copy the stage's script into the container", () -> {
                    calls.client().copyArchiveToContainerCmd(id).withRemotePath("/")
                            .withTarInputStream(new ByteArrayInputStream(tar)).exec();
                    return null;
                });
            } catch (DockerException e) {
                throw new BuildError("could not copy the stage's script into the container: "
                        + DockerCalls.dockerMessage(e), e);
            }
            return ". " + path + "\n";
        }

        private String createExec(String id, int index, String pidFile, String workdir, String script,
                                  List<String> envList, String previous) throws BuildError {
            String run = script.getBytes(StandardCharsets.UTF_8).length > INLINE_SCRIPT_MAX
                    ? scriptFile(id, index, script) : script;
            return calls.call("create the exec of stage " + index, () -> calls.client()
                    .execCreateCmd(id)
                    .withCmd("/bin/sh", "-c", END_PREVIOUS + StageScript.WRAPPER, "ocelot-stage", pidFile,
                            workdir(workdir), run, previous)
                    .withEnv(envList)
                    .withAttachStdin(false)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec().getId());
        }

        /** {@code kill -SIG -PGID} from inside the container; waits briefly for the pid file of a just-started stage. */
        private void signalGroup(String id, String pidFile, String signal) throws BuildError {
            String cmd = "i=0; while [ ! -s " + pidFile + " ] && [ $i -lt 50 ]; do sleep 0.1 2>/dev/null || sleep 1; "
                    + "i=$((i+1)); done; read -r p < " + pidFile + " && kill -" + signal + " -$p";
            try {
                calls.call("signal the stage (" + signal + ")", () -> {
                    String exec = calls.client().execCreateCmd(id).withCmd("/bin/sh", "-c", cmd)
                            .withAttachStdout(true).withAttachStderr(true).exec().getId();
                    calls.client().execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion();
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

        private void removeStageContainer(int index) {
            String id = stageContainers.remove(index);
            if (id != null) {
                removeQuietly(id);
            }
        }

        /** Force-removes a container; a failure is said in the log and left to the janitor. Never throws. */
        private void removeQuietly(String id) {
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

        @Override
        public void close() {
            services.over(); // services stopping from now on are the clean-up, not a failure
            for (Integer index : List.copyOf(stageContainers.keySet())) {
                removeStageContainer(index);
            }
            services.containerIds().forEach(this::removeQuietly);
            String id = containerId;
            if (id != null) {
                removeQuietly(id);
            }
            network.remove(calls, config, system);
            calls.close();
            if (adopted != null) {
                ready.released(adopted.id());
            }
            if (readyKey != null) {
                ready.prepare(readyKey); // for the next build like this one, after this one's clean-up
            }
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

    /** The registry part of an image reference ({@code docker.io} for Docker Hub's short names). */
    static String registryOf(String image) {
        if (image == null) {
            return "";
        }
        int slash = image.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }
}
