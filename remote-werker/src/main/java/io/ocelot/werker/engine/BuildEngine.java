package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.werker.engine.StageStopper.Stop;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.werker.engine.files.BuildFiles;
import io.ocelot.werker.engine.reports.StageReports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one build loop both executors share: workspace, executor session, stages in order with their timeouts, the
 * build timeout and cancel (SIGTERM, grace, SIGKILL), {@code always} stages, masking, events, and cleanup of the
 * container and the workspace whatever happens. Safe to run several builds at once: a build's state lives in
 * {@link #run}'s frame and its own directory.
 */
public final class BuildEngine implements BuildRunner {
    private final EngineConfig config;
    private final Function<BuildPlan, Executor> executors;
    private final WorkspaceStep workspaces;
    private final long diskFullBelowBytes;
    /** Where caches are kept (null: none); see {@link #withCaches}. */
    private io.ocelot.werker.engine.cache.CacheStore caches;

    /** Smallest "full" threshold: with no floor set, a disk with less than this much usable space is full. */
    public static final long MIN_DISK_FULL_BYTES = 1024 * 1024;

    /** {@code executors} picks the executor for a plan, or returns null when the plan cannot run here. */
    public BuildEngine(EngineConfig config, Function<BuildPlan, Executor> executors, WorkspaceStep workspaces) {
        this(config, executors, workspaces, 0);
    }

    /**
     * {@code diskFullBelowBytes}: when a stage fails or the set-up errors while the work dir's disk has less usable
     * space than this (at least {@link #MIN_DISK_FULL_BYTES}), the build ends ERRORED
     * "{@value BuildOutcome#DISK_FULL}&lt;werker&gt;": the disk, not the code, is what failed (the werker's disk floor).
     */
    public BuildEngine(EngineConfig config, Function<BuildPlan, Executor> executors, WorkspaceStep workspaces,
                       long diskFullBelowBytes) {
        this.config = config;
        this.executors = executors;
        this.workspaces = workspaces;
        this.diskFullBelowBytes = Math.max(MIN_DISK_FULL_BYTES, diskFullBelowBytes);
    }

    /** Keeps the builds' caches in {@code store} (set once, before the first build). */
    public BuildEngine withCaches(io.ocelot.werker.engine.cache.CacheStore store) {
        this.caches = store;
        return this;
    }

    /** Why the work dir's disk counts as full now ("12 KiB usable in /dir"), or null when it does not. */
    private String workDiskFull() {
        java.io.File dir = config.workDir().toFile();
        long usable = dir.getUsableSpace();
        if (usable == 0 && !dir.exists()) {
            return null; // nothing to measure
        }
        return usable < diskFullBelowBytes ? usable + " bytes usable in " + config.workDir() : null;
    }

    private BuildError diskFull(String detail, String what) {
        return new BuildError(BuildOutcome.DISK_FULL + config.werkerName() + ": " + detail + " (" + what + ")");
    }

    @Override
    public BuildOutcome run(BuildRequest request, BuildListener listener, Cancellation cancellation) {
        BuildListener marked = new StageMarkers(listener, request.plan().stages().size()); // stage lines in the log
        return new Build(request, new SerialListener(marked), cancellation).run();
    }

    final class Build {
        private final BuildRequest request;
        private final BuildPlan plan;
        private final BuildListener out;
        private final Cancellation cancellation;
        private final long startNanos = System.nanoTime();
        private final long buildDeadline; // nanoTime, or Long.MAX_VALUE
        /** Results by plan index (null: not finished yet); stages of a graph finish from several threads. */
        private final StageResult[] results;
        /** The whole log as stored, masked across streams and stages; every log write goes through it. */
        private final BuildLog log;
        private final StageStopper stopper;
        /** Caches and artifacts, between the stages. */
        private final BuildFiles files;

        private volatile boolean failed;
        private volatile boolean cancelled;
        private volatile boolean buildTimedOut;
        /**
         * Completed, with why, when the build stops its running stages by itself: a service exited under it, or
         * Ocelot could not go on with one stage of a graph while others run.
         */
        private final CompletableFuture<String> abort = new CompletableFuture<>();
        /** Set (before {@link #setup} is cancelled) when the build's time limit ran out during the set-up. */
        private volatile boolean setupTimedOut;
        /**
         * Stops the set-up steps (clone, image pull, container): cancelled by the build's cancel and by its time
         * limit. Stages do not use it: they are stopped with SIGTERM, grace, SIGKILL.
         */
        private final Cancellation setup = new Cancellation();
        private volatile String failure;     // the first reason a user should read
        /** The build's directory and the executor's session, once made: what {@link #cleanUp} removes. */
        private Path buildDir;
        private Executor.Session session;
        private volatile BuildError engineError;

        Build(BuildRequest request, BuildListener out, Cancellation cancellation) {
            this.request = request;
            this.plan = request.plan();
            this.out = out;
            this.cancellation = cancellation == null ? new Cancellation() : cancellation;
            List<String> secretValues = new ArrayList<>(request.secrets().values());
            if (request.source() != null) {
                secretValues.add(request.source().password());
                secretValues.add(request.source().sshPrivateKey());
            }
            if (request.registryAuth() != null) {
                secretValues.add(request.registryAuth().password());
            }
            secretValues.removeIf(s -> s == null || s.isEmpty());
            log = new BuildLog(secretValues, out, plan.isGraph());
            stopper = new StageStopper(config, this.cancellation, this::stageSystem, abort);
            files = new BuildFiles(caches, request, this::system);
            results = new StageResult[plan.stages().size()];
            long t = plan.timeoutSeconds();
            buildDeadline = t > 0 ? startNanos + TimeUnit.SECONDS.toNanos(t) : Long.MAX_VALUE;
        }

        /**
         * The build, then its outcome to the listener, then the clean-up: removing containers and the workspace
         * cannot change the outcome, so the result goes out first (a container's removal takes ≈ 130 ms). The
         * engine returns once the clean-up is over: whoever runs it holds the build's slot until then.
         */
        BuildOutcome run() {
            try {
                runStages();
                reportNeverRun();
                log.complete();
                BuildOutcome outcome = outcome();
                out.buildFinished(outcome);
                return outcome;
            } finally {
                cleanUp(); // its lines go to afterFinish now (BuildLog.complete)
            }
        }

        /** Set-up and stages; what goes wrong is kept in the build's state for {@link #outcome}. */
        private void runStages() {
            try {
                Executor executor = executors.apply(plan);
                if (executor == null) {
                    throw new BuildError("the plan names neither an image nor a machineTag: nothing can run it");
                }
                buildDir = newBuildDir();
                session = setUp(executor, buildDir);
                if (session == null && setupTimedOut && !cancellation.isCancelled()) {
                    throw new BuildError(setupTimeout("the build's set-up took longer"));
                }
                if (cancellation.isCancelled()) {
                    cancelled = true;
                } else {
                    files.beforeStages(session);
                }
                if (session != null) {
                    session.failure().thenAccept(this::buildFailedUnder);
                }
                if (plan.isGraph() && session != null) {
                    new StageGraph(this, plan, config.parallelStages()).run(session);
                } else {
                    for (int next = 0; next < plan.stages().size(); next++) {
                        runOrSkip(next, plan.stages().get(next), session);
                    }
                }
                if (!failed && !cancelled && !buildTimedOut && engineError == null && !cancellation.isCancelled()) {
                    files.afterPassedBuild(session);
                }
            } catch (BuildError e) {
                String full = e.isCancel() || e.getMessage().startsWith(BuildOutcome.DISK_FULL) ? null : workDiskFull();
                if (e.isCancel() && setupTimedOut && !cancellation.isCancelled()) {
                    engineError = new BuildError(setupTimeout(e.getMessage()), e);
                } else if (e.isCancel()) {
                    cancelled = true;
                } else if (e.isFailure()) {
                    failed = true;
                    failure = mask(e.getMessage());
                    system(failure);
                } else if (full != null) {
                    engineError = diskFull(full, e.getMessage());
                } else {
                    engineError = e;
                }
            } catch (RuntimeException | IOException e) {
                String full = workDiskFull();
                engineError = full != null ? diskFull(full, e.toString())
                        : new BuildError("internal error in the werker: " + e, e);
            }
        }

        /** Stages that never got their turn because Ocelot itself failed. */
        private void reportNeverRun() {
            for (int i = 0; i < plan.stages().size(); i++) {
                if (resultOf(i) != null) {
                    continue;
                }
                PlannedStage s = plan.stages().get(i);
                if (s.skipped()) {
                    finish(new StageResult(i, s.name(), StageStatus.SKIPPED, null, 0, "skipped: " + s.skipReason()));
                } else if (failed && engineError == null && !cancelled) {
                    finish(new StageResult(i, s.name(), StageStatus.SKIPPED, null, 0, "not run: " + failure));
                } else if (engineError == null) {
                    finish(new StageResult(i, s.name(), StageStatus.CANCELLED, null, 0, "cancelled before it started"));
                } else {
                    finish(new StageResult(i, s.name(), StageStatus.SKIPPED, null, 0, "not run: the build errored"));
                }
            }
        }

        /** The container, the network, the volume and the workspace, whatever happened. */
        private void cleanUp() {
            if (session != null) {
                session.close();
            }
            if (buildDir != null) {
                try {
                    Trees.deleteRecursively(buildDir);
                } catch (IOException e) {
                    system("could not remove the workspace " + buildDir + ": " + e.getMessage());
                }
            }
        }

        /**
         * The workspace, then the executor's session (null when the set-up was stopped in between). A cancel or the
         * build's time limit stops whichever step is running ({@link #setup}).
         */
        private Executor.Session setUp(Executor executor, Path buildDir) throws BuildError, IOException {
            Cancellation.Registration forwardCancel = cancellation.onCancel(() -> setup.cancel(cancellation.reason()));
            CompletableFuture<Void> over = new CompletableFuture<>();
            if (buildDeadline != Long.MAX_VALUE) {
                // completing `over` normally drops the timer
                over.orTimeout(Math.max(0, buildDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .exceptionally(timedOut -> {
                            setupTimedOut = true;
                            setup.cancel("the build's time limit is over");
                            return null;
                        });
            }
            // The workspace is made on a thread of its own while the executor sets up (image, container): the
            // set-up then costs the longer of the two, not their sum. Its own stop is the set-up's, and also a
            // failed executor set-up, so a clone does not run on for a build that cannot start.
            Cancellation workspaceStop = new Cancellation();
            Cancellation.Registration forwardSetup = setup.onCancel(() -> workspaceStop.cancel(setup.reason()));
            CompletableFuture<Path> workspace = new CompletableFuture<>();
            Thread maker = new Thread(() -> {
                try {
                    workspace.complete(workspaces.prepare(request, buildDir, this::system, workspaceStop));
                } catch (Throwable e) {
                    workspace.completeExceptionally(e);
                }
            }, "build-" + request.buildId() + "-workspace");
            maker.setDaemon(true);
            maker.start();
            try {
                return executor.open(request, workspace, this::system, setup);
            } catch (BuildError | RuntimeException e) {
                workspaceStop.cancel("the build's set-up failed");
                throw e;
            } finally {
                // git (or the copy) is over before anything else happens to the build's directory
                awaitQuietly(maker);
                forwardSetup.close();
                over.complete(null);
                forwardCancel.close();
            }
        }

        private void awaitQuietly(Thread maker) {
            boolean interrupted = false;
            while (maker.isAlive()) {
                try {
                    maker.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private String setupTimeout(String what) {
            return "timeout after " + limitText(plan.timeoutSeconds()) + " (the build's limit): " + what;
        }

        private BuildOutcome outcome() {
            List<StageResult> stages = new ArrayList<>(results.length);
            for (int i = 0; i < results.length; i++) {
                stages.add(resultOf(i));
            }
            if (engineError != null) {
                return new BuildOutcome(BuildResult.ERRORED, mask(engineError.getMessage()), stages);
            }
            if (cancelled) {
                return new BuildOutcome(BuildResult.CANCELLED, "cancelled: " + cancellation.reason(), stages);
            }
            if (failed || buildTimedOut) {
                return new BuildOutcome(BuildResult.FAILED, failure, stages);
            }
            return new BuildOutcome(BuildResult.PASSED, "all stages passed", stages);
        }

        /**
         * Something the whole build relies on ended under it (a service exited): the build fails with that reason,
         * its running stages are stopped and stages not started yet are not run ({@code always} ones still run).
         */
        void buildFailedUnder(String why) {
            setFailure(why);
            failed = true;
            abort.complete(why);
        }

        /** Ocelot could not go on with a stage of a graph: the other running stages are stopped. */
        void erroredInStage(BuildError e) {
            setEngineError(e);
            abort.complete("the build errored");
        }

        synchronized void setEngineError(BuildError e) {
            if (engineError == null) {
                engineError = e;
            }
        }

        /** Why a stage not started yet does not run now (null: nothing stops it); may mark the build timed out. */
        String troubleBefore(PlannedStage stage) {
            synchronized (this) {
                if (!cancelled && !buildTimedOut && engineError == null && System.nanoTime() - buildDeadline >= 0) {
                    buildTimedOut = true;
                    setFailure("timeout after " + limitText(plan.timeoutSeconds())
                            + " (the build's limit) before stage \"" + stage.name() + "\"");
                }
                if (!cancelled && !buildTimedOut && cancellation.isCancelled()) {
                    cancelled = true;
                }
            }
            if (cancelled) {
                return "cancelled before it started";
            }
            if (buildTimedOut) {
                return "not run: the build timed out";
            }
            if (engineError != null) {
                return "not run: the build errored";
            }
            return abort.isDone() ? "not run: " + abort.join() : null;
        }

        boolean isCancelled() {
            return cancelled;
        }

        void cancelFromInside(String why) {
            cancellation.cancel(why);
        }

        StageResult resultOf(int index) {
            synchronized (results) {
                return results[index];
            }
        }

        private Path newBuildDir() throws IOException {
            Files.createDirectories(config.workDir());
            return Files.createTempDirectory(config.workDir(), "build-" + request.buildId() + "-");
        }

        private void runOrSkip(int index, PlannedStage stage, Executor.Session session) throws BuildError {
            if (stage.skipped()) {
                finish(new StageResult(index, stage.name(), StageStatus.SKIPPED, null, 0, "skipped: " + stage.skipReason()));
                return;
            }
            if (!cancelled && !failed && !buildTimedOut && System.nanoTime() - buildDeadline >= 0) {
                buildTimedOut = true;
                failure = "timeout after " + limitText(plan.timeoutSeconds()) + " (the build's limit) before stage \""
                        + stage.name() + "\"";
            }
            if (!cancelled && !failed && !buildTimedOut && cancellation.isCancelled()) {
                cancelled = true;
            }
            boolean trouble = cancelled || failed || buildTimedOut;
            if (session == null) { // cancelled while the workspace was being made: there is nothing to run in
                finish(new StageResult(index, stage.name(), StageStatus.CANCELLED, null, 0,
                        "cancelled before the build started"));
                return;
            }
            if (abort.isDone() && !cancelled && !stage.always()) {
                finish(new StageResult(index, stage.name(), StageStatus.SKIPPED, null, 0, "not run: " + abort.join()));
                return;
            }
            if (trouble && !stage.always()) {
                StageStatus status = cancelled ? StageStatus.CANCELLED : StageStatus.SKIPPED;
                String why = cancelled ? "cancelled before it started"
                        : buildTimedOut ? "not run: the build timed out" : "an earlier stage failed";
                finish(new StageResult(index, stage.name(), status, null, 0, why));
                return;
            }
            runStage(index, stage, session);
        }

        void runStage(int index, PlannedStage stage, Executor.Session session) throws BuildError {
            long start = System.nanoTime();
            out.stageStarted(index, stage.name());
            // deadline: the stage's own limit, the build's limit while it holds, a cap for always stages after it
            long deadline = Long.MAX_VALUE;
            Stop deadlineKind = Stop.NONE;
            if (stage.timeoutSeconds() > 0) {
                deadline = start + TimeUnit.SECONDS.toNanos(stage.timeoutSeconds());
                deadlineKind = Stop.STAGE_TIMEOUT;
            }
            if (buildTimedOut) {
                long cap = start + config.afterDeadlineLimit().toNanos();
                if (cap - deadline < 0) {
                    deadline = cap;
                    deadlineKind = Stop.STAGE_TIMEOUT;
                }
            } else if (buildDeadline != Long.MAX_VALUE && buildDeadline - deadline < 0) {
                deadline = buildDeadline;
                deadlineKind = Stop.BUILD_TIMEOUT;
            }
            StageCommand command = StageCommand.of(stage, request.secrets());
            BuildLog.StageLog masks = log.stage(index);
            Stop stop = Stop.NONE;
            Integer exit = null;
            BuildError error = null;
            String explained = null;
            Executor.RunningStage running = null;
            Cancellation.Registration cancelRegistration = () -> { };
            try {
                running = stage.buildImage() != null ? session.buildImage(index, stage.buildImage(), masks)
                        : session.start(index, command.script(), command.env(), command.workdir(), masks);
                CompletableFuture<Void> cancelSignal = new CompletableFuture<>();
                if (!cancelled) { // stages that run because of a cancel are not stopped by it
                    cancelRegistration = cancellation.onCancel(() -> cancelSignal.complete(null));
                }
                // nor are stages that run after the build stopped its stages by itself ({@code always} ones)
                CompletableFuture<?> abortSignal = abort.isDone() ? new CompletableFuture<>() : abort;
                stop = stopper.waitFor(running, cancelSignal, abortSignal, deadline, deadlineKind);
                if (stop != Stop.NONE) {
                    exit = stopper.stop(index, running, stop, stage);
                } else {
                    exit = running.exit().join();
                }
                if (exit != null && exit != 0) {
                    explained = running.explainFailure();
                }
            } catch (BuildError e) {
                error = e;
            } finally {
                cancelRegistration.close();
                masks.close();
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            StageResult r;
            if (error != null) {
                setEngineError(error);
                r = new StageResult(index, stage.name(), StageStatus.FAILED, exit, millis, mask(error.getMessage()));
            } else if (stop == Stop.ABORT) {
                r = new StageResult(index, stage.name(), StageStatus.FAILED, exit, millis, "stopped: " + abort.join());
            } else if (stop == Stop.CANCEL) {
                cancelled = true;
                r = new StageResult(index, stage.name(), StageStatus.CANCELLED, exit, millis,
                        "cancelled: " + cancellation.reason());
            } else if (stop == Stop.STAGE_TIMEOUT) {
                long limit = TimeUnit.NANOSECONDS.toSeconds(deadline - start);
                setFailure("timeout after " + limitText(limit) + " in stage \"" + stage.name() + "\"");
                failed = true;
                r = new StageResult(index, stage.name(), StageStatus.FAILED, exit, millis,
                        "timed out after " + limitText(limit));
            } else if (stop == Stop.BUILD_TIMEOUT) {
                setFailure("timeout after " + limitText(plan.timeoutSeconds()) + " (the build's limit) in stage \""
                        + stage.name() + "\"");
                buildTimedOut = true;
                r = new StageResult(index, stage.name(), StageStatus.FAILED, exit, millis,
                        "timed out: the build's limit of " + limitText(plan.timeoutSeconds()) + " is over");
            } else if (exit != null && exit == 0) {
                r = new StageResult(index, stage.name(), StageStatus.PASSED, 0, millis, "exit code 0");
            } else if ((error = diskFullAfter(stage, exit)) != null) {
                setEngineError(error);
                r = new StageResult(index, stage.name(), StageStatus.FAILED, exit, millis,
                        "exit code " + exit + " with the werker's disk full");
            } else {
                String why = explained == null ? "" : ": " + explained;
                setFailure("stage \"" + stage.name() + "\" failed with exit code " + exit + why);
                failed = true;
                r = new StageResult(index, stage.name(), StageStatus.FAILED, exit, millis, "exit code " + exit + why);
            }
            if (error == null) {
                files.afterStage(index, stage, session, line -> stageSystem(index, line));
            }
            finish(r.withTests(StageReports.read(stage, session, line -> stageSystem(index, line))));
            if (running != null) {
                running.release();
            }
            if (error != null) {
                throw error;
            }
        }

        /** A stage that failed while the work dir's disk is full failed because of it (checked before clean-up). */
        private BuildError diskFullAfter(PlannedStage stage, Integer exit) {
            String full = workDiskFull();
            return full == null ? null
                    : diskFull(full, "stage \"" + stage.name() + "\" failed with exit code " + exit);
        }

        synchronized void setFailure(String why) {
            if (failure == null) {
                failure = why;
            }
        }

        void finish(StageResult r) {
            synchronized (results) {
                results[r.index()] = r;
            }
            out.stageFinished(r);
        }

        private void system(String line) {
            log.system(line);
        }

        private void stageSystem(int index, String line) {
            log.stageSystem(index, line);
        }

        private String mask(String s) {
            return log.mask(s);
        }
    }

    static String limitText(long seconds) {
        return HumanDuration.format(Duration.ofSeconds(seconds));
    }
}
