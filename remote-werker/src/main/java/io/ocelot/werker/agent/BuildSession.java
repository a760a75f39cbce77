package io.ocelot.werker.agent;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.HeartbeatReply;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.ReleaseRequest;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.werker.agent.client.PluginCallException;
import io.ocelot.werker.agent.client.ServerContact;
import io.ocelot.werker.agent.client.WerkerClient;
import io.ocelot.werker.agent.spool.BuildSpool;
import io.ocelot.werker.agent.spool.ReportCalls;
import io.ocelot.werker.agent.spool.SpoolDelivery;
import io.ocelot.werker.engine.BuildOutcome;
import io.ocelot.werker.engine.BuildRequest;
import io.ocelot.werker.engine.BuildRunner;
import io.ocelot.werker.engine.Cancellation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One leased build on this werker, from lease to delivered finish: the engine runs it on a build thread and every
 * event goes into its {@link BuildSpool}; a {@link SpoolDelivery} ships the spool; a heartbeat renews the lease (and
 * carries cancel requests) until the plugin has accepted the finish. A 409 on any of these calls means the plugin gave
 * the build away: the build is cancelled here, its spool dropped, and nothing more is sent for it.
 */
final class BuildSession {
    private static final Logger LOG = LoggerFactory.getLogger(BuildSession.class);

    /** What sessions share: made once by the {@link Agent}. */
    record Context(String werkerName, BuildRunner runner, WerkerClient client, AgentConfig.Timings timings,
                   ServerContact contact, AgentMetrics metrics, ExecutorService buildThreads,
                   ExecutorService deliveryThreads, ScheduledExecutorService heartbeats,
                   Consumer<String> onDiskFull) {
    }

    /** Room kept under the log cap for the line that says the cap was reached, so the spool never passes the cap. */
    static final int CAP_BANNER_ROOM = 512;

    private final Context ctx;
    private final Job job; // null for a spool recovered after a restart
    private final BuildSpool spool;
    private final long buildId;
    private final LeaseRef lease;
    private final SpoolDelivery delivery;
    private final Cancellation cancellation = new Cancellation();
    private final CompletableFuture<Void> runnerDone = new CompletableFuture<>();
    private final CompletableFuture<Void> deliveryDone = new CompletableFuture<>();
    private final AtomicBoolean givenUp = new AtomicBoolean();
    private final AtomicBoolean spoolBroken = new AtomicBoolean();
    /** The outcome is in the spool ({@link #conclude}). */
    private final AtomicBoolean concluded = new AtomicBoolean();
    /** When the session began: the build's time in the werker's log. */
    private final long startNanos = System.nanoTime();
    /** Engine events into the spool; also says which stage runs, for the heartbeat. */
    private final SpoolingListener listener;
    /** Set when the werker's disk filled up under this build: why, for the build's ERRORED message. */
    private final AtomicReference<String> diskFull = new AtomicReference<>();
    private volatile ScheduledFuture<?> heartbeat;
    /** Held by a heartbeat call and by the start of a finish call: the two never overlap. */
    private final java.util.concurrent.locks.ReentrantLock beat = new java.util.concurrent.locks.ReentrantLock();
    /** A finish call is out (or was accepted): no more heartbeats, the plugin ends the lease with the finish. */
    private volatile boolean finishing;
    /** The plugin accepted the finish: the lease is over there, though the session still tidies up. */
    private volatile boolean finished;

    private BuildSession(Context ctx, Job job, BuildSpool spool) {
        this.ctx = ctx;
        this.job = job;
        this.spool = spool;
        this.buildId = spool.buildId();
        this.lease = spool.lease();
        // a plugin that says so in the job takes a run of events in one report; a recovered spool has no job to say it
        ReportCalls calls = job != null && job.takesReports() ? ReportCalls.batched(ctx.client())
                : ReportCalls.oneByOne(ctx.client());
        this.delivery = new SpoolDelivery(spool, calls, ctx.timings().deliveryPace(), ctx.contact(),
                new HeartbeatGate());
        this.listener = new SpoolingListener(spool, buildId, lease, logCap(job), ctx.metrics(),
                () -> spoolBroken.get() || givenUp.get(), this::spoolFailed, this::conclude);
    }

    /** The plugin's per-build log cap from the job, or the protocol's default. */
    private static long logCap(Job job) {
        return job != null && job.logCapBytes() != null && job.logCapBytes() > CAP_BANNER_ROOM
                ? job.logCapBytes() : Protocol.DEFAULT_LOG_CAP_BYTES;
    }

    /** A freshly leased job: runs it. {@code onRunnerDone} frees the build slot. */
    static BuildSession leased(Context ctx, Job job, BuildSpool spool, Runnable onRunnerDone) {
        BuildSession s = new BuildSession(ctx, job, spool);
        s.runnerDone.whenComplete((v, t) -> onRunnerDone.run());
        s.startDeliveryAndHeartbeat();
        ctx.buildThreads().execute(s::runBuild);
        return s;
    }

    /** A spool of a build that finished before the werker stopped: only delivers it. */
    static BuildSession recovered(Context ctx, BuildSpool spool) {
        BuildSession s = new BuildSession(ctx, null, spool);
        s.runnerDone.complete(null);
        s.startDeliveryAndHeartbeat();
        return s;
    }

    long buildId() {
        return buildId;
    }

    /** Whether the plugin still counts this build as leased to this werker (for the poll's list of held builds). */
    boolean holdsLease() {
        return !finished && !givenUp.get();
    }

    boolean isRunning() {
        return !runnerDone.isDone();
    }

    /** Done when the build has stopped running and its spool is delivered (or given up, or kept for the next start). */
    CompletableFuture<Void> done() {
        return CompletableFuture.allOf(runnerDone, deliveryDone);
    }

    long pendingBytes() {
        return deliveryDone.isDone() ? 0 : delivery.pendingBytes();
    }

    void cancel(String reason) {
        cancellation.cancel(reason);
    }

    /**
     * The werker is stopping and the build did not end in time: gives it back to the plugin, which requeues it at
     * once without counting the attempt, then stops it here and drops its spool (nothing of this attempt is sent
     * any more; the next attempt starts afresh). When the plugin cannot be told, the lease expires there as after a
     * crash. Does nothing once the build has its outcome (its finish is being delivered), even while the engine
     * still cleans up.
     */
    void handBack(String reason) {
        if (!isRunning() || concluded.get() || !givenUp.compareAndSet(false, true)) {
            return;
        }
        delivery.stop();
        try {
            ctx.client().release(buildId, new ReleaseRequest(lease, reason));
            LOG.info("build {} attempt {}: handed back to the plugin ({}); it is requeued", buildId, lease.attempt(),
                    reason);
        } catch (PluginCallException e) {
            LOG.warn("build {}: could not hand it back ({}); the plugin requeues it when its lease expires", buildId,
                    e.getMessage());
        }
        cancellation.cancel(reason);
        spool.delete();
        stopHeartbeat();
    }

    /** Stops delivering and keeps the spool on disk for the next start (shutdown while the plugin is away). */
    void stopDelivery() {
        delivery.stop();
    }

    private void startDeliveryAndHeartbeat() {
        long period = heartbeatPeriodMillis();
        heartbeat = ctx.heartbeats().scheduleWithFixedDelay(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
        ctx.deliveryThreads().execute(this::deliver);
    }

    /**
     * The configured interval, but at most a third of the lease the plugin granted (the job says how long): a
     * plugin with a short lease would otherwise expire a healthy build between two beats, and one lost beat must
     * not cost the lease. A recovered spool has no job: it keeps the configured interval.
     */
    long heartbeatPeriodMillis() {
        long period = ctx.timings().heartbeatInterval().toMillis();
        if (job != null && job.leaseSeconds() > 0) {
            period = Math.min(period, job.leaseSeconds() * 1000L / 3);
        }
        return Math.max(1, period);
    }

    // ---- the build ----

    private void runBuild() {
        Thread.currentThread().setName("build-" + buildId);
        BuildOutcome outcome;
        try {
            PluginArtifacts artifacts = new PluginArtifacts(ctx.client(), buildId, lease,
                    () -> leaseLost("an artifact upload was answered 409"), givenUp::get);
            BuildRequest request = new BuildRequest(buildId, ctx.werkerName(), job.plan(), job.source(), job.commit(),
                    job.branch(), null, job.secrets(), job.registryAuth(), job.repository(), artifacts);
            outcome = ctx.runner().run(request, listener, cancellation);
            if (outcome == null) {
                outcome = new BuildOutcome(BuildResult.ERRORED, "the werker's engine returned no outcome", List.of());
            }
        } catch (RuntimeException | Error e) {
            LOG.error("build {}: the engine failed", buildId, e);
            outcome = new BuildOutcome(BuildResult.ERRORED, "werker error: " + e, List.of());
        }
        try {
            conclude(outcome); // the engine has normally done so already, before its clean-up
        } finally {
            runnerDone.complete(null); // the slot is free once the engine's clean-up is over too
        }
    }

    /**
     * The build's outcome into the spool, once: from the engine before its clean-up (so the finish is delivered
     * while containers are removed), or when the engine returns without having said it (it failed).
     */
    private void conclude(BuildOutcome engineOutcome) {
        if (!concluded.compareAndSet(false, true)) {
            return;
        }
        BuildOutcome outcome = engineOutcome;
        if (diskFull.get() != null) { // the spool ran out of space: the build was cancelled for that
            outcome = new BuildOutcome(BuildResult.ERRORED, diskFull.get(), outcome.stages());
        } else if (outcome.diskFull()) { // the engine saw the work dir's disk full
            diskFull.set(outcome.message());
            ctx.onDiskFull().accept("build " + buildId + ": " + outcome.message());
        }
        listener.reportUnreported(outcome.stages());
        if (!spoolBroken.get() && !givenUp.get()) {
            try {
                spool.finish(outcome.result(), outcome.message());
            } catch (UncheckedIOException e) {
                spoolFailed(e);
            }
        }
        ctx.metrics().buildFinished(outcome.result());
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        if (givenUp.get()) {
            LOG.info("build {} stopped ({}) after its lease was lost", buildId, outcome.result());
        } else {
            LOG.info("build {} finished {}{} in {} ms", buildId, outcome.result(),
                    outcome.message() == null ? "" : ": " + outcome.message(), took.toMillis());
        }
        if (spoolBroken.get()) {
            // nothing reliable to deliver: give the lease up to expiry, and the plugin requeues the build
            giveUp();
        }
    }

    private void spoolFailed(UncheckedIOException e) {
        if (spool.isDiskFull()) {
            spoolDiskFull(e);
            return;
        }
        if (spoolBroken.compareAndSet(false, true)) {
            LOG.error("build {}: cannot write its spool ({}); cancelling it — the plugin requeues it when the lease expires",
                    buildId, e.getCause() == null ? e.getMessage() : e.getCause().toString());
            cancellation.cancel("the werker cannot write its spool (disk full?)");
        }
    }

    /**
     * The spool's disk is full. The build cannot go on usefully (its log is lost from here), but what is spooled
     * can still be delivered: the build is stopped and ends ERRORED with the reason — the plugin does not retry it
     * as a lost werker — and the werker takes no more work until it has room again.
     */
    private void spoolDiskFull(UncheckedIOException e) {
        String message = io.ocelot.werker.engine.BuildOutcome.DISK_FULL + ctx.werkerName()
                + ": cannot write the build's spool in " + spool.dir().getParent() + " (No space left on device)";
        if (diskFull.compareAndSet(null, message)) {
            LOG.error("build {}: {}; stopping it (ERRORED) and taking no more work until there is room", buildId,
                    message);
            ctx.onDiskFull().accept("build " + buildId + ": " + message);
            cancellation.cancel(message);
        }
    }

    // ---- lease ----

    private void heartbeat() {
        // never waits: the heartbeat thread is shared by every build, and a finish call holds the lock only while
        // it waits for a beat already under way
        if (!beat.tryLock()) {
            return;
        }
        try {
            if (!givenUp.get() && !deliveryDone.isDone() && !finishing) {
                beatNow();
            }
        } finally {
            beat.unlock();
        }
    }

    /**
     * Keeps the heartbeat off the plugin from the finish call on. The plugin ends the lease when it accepts the
     * finish, so a beat sent during or after that call is answered 409: before, that read as "lease lost ... it has
     * finished" after almost every build. A finish that is not accepted (log bytes missing) lets the beats go on.
     */
    private final class HeartbeatGate implements SpoolDelivery.FinishGate {
        @Override
        public void finishing() {
            beat.lock(); // a beat under way ends first
            try {
                finishing = true;
            } finally {
                beat.unlock();
            }
        }

        @Override
        public void answered(boolean accepted) {
            if (accepted) {
                finished = true;
                stopHeartbeat();
            } else {
                finishing = false;
            }
        }
    }

    private void beatNow() {
        try {
            HeartbeatReply reply = ctx.client().heartbeat(buildId, new Heartbeat(lease, isRunning() ? listener.runningStage() : null));
            ctx.contact().reached();
            if (reply.cancel() && isRunning() && !cancellation.isCancelled()) {
                String reason = reply.cancelReason() == null ? "cancelled" : reply.cancelReason();
                LOG.info("build {}: cancel requested by the plugin: {}", buildId, reason);
                cancellation.cancel(reason);
            }
        } catch (PluginCallException e) {
            switch (e.kind()) {
                case LEASE_LOST -> leaseLost(e.getMessage());
                case REFUSED -> LOG.warn("build {}: heartbeat refused: {}", buildId, e.getMessage());
                default -> ctx.contact().failed(e.getMessage()); // the delivery says "spooling"; retried next beat
            }
        } catch (RuntimeException e) {
            LOG.warn("build {}: heartbeat failed: {}", buildId, e.toString());
        }
    }

    private void leaseLost(String why) {
        if (!givenUp.compareAndSet(false, true)) {
            return;
        }
        LOG.warn("build {} attempt {}: lease lost ({}); stopping it here and sending nothing more for it",
                buildId, lease.attempt(), why);
        ctx.metrics().leaseLost();
        cancellation.cancel("lease lost: the plugin gave this build to another werker or ended it");
        delivery.stop();
        spool.delete();
        stopHeartbeat();
    }

    /** Drops the build's spool without a finish (spool unwritable, plugin refused): its lease expires on the plugin. */
    private void giveUp() {
        if (givenUp.compareAndSet(false, true)) {
            delivery.stop();
            spool.delete();
            stopHeartbeat();
        }
    }

    private void stopHeartbeat() {
        ScheduledFuture<?> h = heartbeat;
        if (h != null) {
            h.cancel(false);
        }
    }

    // ---- delivery ----

    private void deliver() {
        Thread.currentThread().setName("deliver-" + buildId);
        try {
            SpoolDelivery.End end = delivery.run();
            switch (end) {
                case DELIVERED -> {
                    LOG.info("build {} delivered ({} log bytes)", buildId, spool.produced());
                    spool.delete();
                }
                case LEASE_LOST -> leaseLost(delivery.endReason());
                case REFUSED -> {
                    // retrying cannot help (revoked token, malformed call); keep the spool for a person to look at
                    LOG.error("build {}: the plugin refused the werker's report ({}); stopping the build, spool kept in {}",
                            buildId, delivery.endReason(), spool.dir());
                    cancellation.cancel("the plugin refused this werker's report: " + delivery.endReason());
                    givenUp.set(true);
                    spool.close();
                }
                case STOPPED -> {
                    if (!givenUp.get()) {
                        LOG.warn("build {}: not delivered yet; spool kept in {} for the next start", buildId, spool.dir());
                        spool.close();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("build {}: delivery failed; spool kept in {}", buildId, spool.dir(), e);
            spool.close();
        } finally {
            stopHeartbeat();
            deliveryDone.complete(null);
        }
    }
}
