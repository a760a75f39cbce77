package io.ocelot.plugin.queue;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildFinishedListener;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.NewBuild;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.status.BuildStatuses;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.DatabaseConflict;
import io.ocelot.plugin.store.QueueStore;
import net.java.ao.ActiveObjectsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The build lifecycle, in one place: every transition of a build through the queue — enqueue, claim (lease),
 * renew, stage report, finish, expire / release / hand back (requeue or end), cancel, supersede — runs here, the
 * token row ({@link QueueStore}) and the build row ({@link BuildStore}) in one transaction, and then its effects,
 * once, after the transaction: the Bitbucket build status ({@link BuildStatuses}), this node's held polls
 * ({@link QueueSignal}), the build-end listener (notifications) and the cancelling of superseded builds. The stores
 * do not call each other; the werker protocol, the reaper, the trigger and the user's cancel call this.
 */
@Named
public class BuildQueue {
    /** Hand-backs beyond this many count as ordinary attempts: a werker restarting in a loop must not keep a build. */
    public static final int MAX_HAND_BACKS = 5;
    private static final Logger log = LoggerFactory.getLogger(BuildQueue.class);

    private final ActiveObjects ao;
    private final BuildStore builds;
    private final QueueStore queue;
    private final BuildStatuses statuses;
    private final QueueSignal signal;
    private final BuildFinishedListener finished;
    private final OcelotConfig config;
    private final Clock clock;

    @Inject
    public BuildQueue(@ComponentImport ActiveObjects ao, BuildStore builds, QueueStore queue, BuildStatuses statuses,
                      QueueSignal signal, BuildFinishedListener finished, OcelotConfig config, Clock clock) {
        this.ao = ao;
        this.builds = builds;
        this.queue = queue;
        this.statuses = statuses;
        this.signal = signal;
        this.finished = finished;
        this.config = config;
        this.clock = clock;
    }

    /** Makes the werker's job for a claimed build; throws {@link CannotRun} (or anything) when it cannot. */
    @FunctionalInterface
    public interface JobMaker<J> {
        J jobFor(Build claimed);
    }

    /** The claimed build cannot run, for this reason (the build ends ERRORED with it). */
    public static final class CannotRun extends RuntimeException {
        public CannotRun(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** One pass over the expired leases: builds requeued, builds ended. */
    public record Sweep(int requeued, int ended) {
    }

    /** {@link #enqueue(NewBuild, boolean)} without cancelling older builds. */
    public BuildStore.Created enqueue(NewBuild nb) {
        return enqueue(nb, false);
    }

    /**
     * Creates the build (idempotent by identity) and, unless it was recorded as failed, its queue ticket, in one
     * transaction. Effects, only for a build this call created: its status; for a queued one, the held polls are
     * woken and, with {@code supersedeOlder}, the older builds of its branch or PR are cancelled.
     */
    public BuildStore.Created enqueue(NewBuild nb, boolean supersedeOlder) {
        BuildStore.Created created = builds.create(nb, clock.millis(),
                b -> queue.enqueue(b.id(), 1, b.machineTag(), b.werkerLabels(), b.queuedAt()));
        if (!created.created()) {
            return created;
        }
        Build build = created.build();
        statuses.publish(build);
        if (!build.isFinished()) {
            signal.wakeUp();
            if (supersedeOlder) {
                supersedeOlder(build);
            }
        }
        return created;
    }

    /**
     * Leases the oldest build a werker with {@code labels} may run and makes its job; empty when there is none. A
     * claimed build whose job cannot be made ends ERRORED with the reason at once and the next one is tried: a poll
     * answered 500 would leave the lease to expire and burn the build's attempts on a failure no werker can fix.
     * The RUNNING status is published only for the build whose job is handed out.
     */
    public <J> Optional<J> claimNext(long werkerId, List<String> labels, JobMaker<J> maker) {
        for (QueueStore.Ticket t : queue.waiting(labels, 50)) {
            Optional<Build> claimed = lease(t, werkerId, UUID.randomUUID().toString());
            if (claimed.isEmpty()) {
                continue;
            }
            Optional<J> job = jobOrError(claimed.get(), maker);
            if (job.isPresent()) {
                statuses.publish(claimed.get());
                return job;
            }
        }
        return Optional.empty();
    }

    /** Leases this ticket's build under {@code leaseId} and publishes it; empty when another poller took it first. */
    public Optional<Build> claim(QueueStore.Ticket ticket, long werkerId, String leaseId) {
        Optional<Build> claimed = lease(ticket, werkerId, leaseId);
        claimed.ifPresent(statuses::publish);
        return claimed;
    }

    private Optional<Build> lease(QueueStore.Ticket ticket, long werkerId, String leaseId) {
        long now = clock.millis();
        try {
            return Optional.ofNullable(ao.executeInTransaction(() -> {
                if (!queue.takeTicket(ticket.ticketId())) {
                    return null;
                }
                Build b = builds.markLeased(ticket.buildId(), ticket.attempt(), leaseId, werkerId, now);
                queue.grantLease(leaseId, ticket.buildId(), now + config.lease().toMillis());
                return b;
            }));
        } catch (ActiveObjectsException e) {
            log.debug("lost the race for build {}: {}", ticket.buildId(), e.getMessage());
            return Optional.empty();
        }
    }

    private <J> Optional<J> jobOrError(Build claimed, JobMaker<J> maker) {
        try {
            return Optional.of(maker.jobFor(claimed));
        } catch (RuntimeException e) {
            String reason = e instanceof CannotRun ? e.getMessage()
                    : "Ocelot could not make the job for the werker: " + e;
            log.error("Ocelot build {}: {}", claimed.id(), reason, e);
            finish(claimed.id(), claimed.leaseId(), BuildResult.ERRORED, reason);
            return Optional.empty();
        }
    }

    /** A heartbeat: extends the lease and notes the stage the werker is in; false when the lease is gone. */
    public boolean renew(long buildId, String leaseId, Integer runningStage) {
        if (!queue.renew(buildId, leaseId, clock.millis() + config.lease().toMillis())) {
            return false;
        }
        if (runningStage != null) {
            builds.noteRunningStage(buildId, runningStage);
        }
        return true;
    }

    /**
     * Records a stage report under the lease ({@link BuildStore#updateStage}) and publishes the build; false
     * (nothing written, nothing published) when the build no longer runs under that lease and attempt.
     */
    public boolean reportStage(long buildId, int attempt, String leaseId, int index, String name, StageStatus status,
                               Integer exitCode, long startedAt, long durationMillis, String message) {
        if (!builds.updateStage(buildId, attempt, leaseId, index, name, status, exitCode, startedAt, durationMillis,
                message)) {
            return false;
        }
        builds.find(buildId).ifPresent(statuses::publish);
        return true;
    }

    /** Ends a running build under its lease, then publishes, notifies and wakes; empty when the lease is gone. */
    public Optional<Build> finish(long buildId, String leaseId, BuildResult result, String message) {
        long now = clock.millis();
        Optional<Build> done;
        try {
            done = Optional.ofNullable(ao.executeInTransaction(() -> {
                if (!queue.takeLease(leaseId, buildId)) {
                    return null;
                }
                Build b = builds.markFinished(buildId, result, message, now);
                builds.endOpenStages(buildId, -1, StageStatus.CANCELLED, "not reported by the werker", "not run");
                return b;
            }));
        } catch (ActiveObjectsException e) {
            return Optional.empty();
        }
        done.ifPresent(b -> settle(b, false));
        return done;
    }

    /**
     * Takes away every expired lease ({@link #expire}). A lease renewed or finished meanwhile is left alone.
     */
    public Sweep expireLeases() {
        long now = clock.millis();
        int requeued = 0;
        int ended = 0;
        String why = "no heartbeat for " + config.lease().toSeconds() + " s";
        for (QueueStore.Lease lease : queue.expiredLeases(now)) {
            Optional<Build> b = takeAway(lease.buildId(), () -> queue.takeExpiredLease(lease.leaseId(), now), why,
                    false, now);
            if (b.isEmpty()) {
                continue;
            }
            settle(b.get(), true);
            if (b.get().state() == BuildState.QUEUED) {
                requeued++;
            } else {
                ended++;
            }
        }
        return new Sweep(requeued, ended);
    }

    /**
     * Takes away an expired lease: the build is requeued at the front with the next attempt, or, after the last
     * attempt (or when a cancel was asked for), finished. Empty when the lease was renewed or taken meanwhile.
     */
    public Optional<Build> expire(QueueStore.Lease lease, String why) {
        long now = clock.millis();
        Optional<Build> b = takeAway(lease.buildId(), () -> queue.takeExpiredLease(lease.leaseId(), now), why, false,
                now);
        b.ifPresent(taken -> settle(taken, true));
        return b;
    }

    /**
     * A werker polled at {@code polledAt} and listed {@code held} as the builds it holds: every lease of its running
     * builds granted before that poll came, on a build it does not list, is taken away at once, with the outcome of
     * an expiry (docs/plugin.md, "A poll releases what its werker no longer holds", says why only those). Returns
     * the builds taken away.
     */
    public List<Build> releaseUnheld(long werkerId, String werkerName, Collection<Long> held, long polledAt) {
        List<Build> released = new ArrayList<>();
        String why = "werker '" + werkerName + "' polled without it (restarted?)";
        Set<Long> holds = new HashSet<>(held);
        for (Build running : builds.leasedTo(werkerId, polledAt)) {
            if (holds.contains(running.id())) {
                continue;
            }
            takeAway(running.id(), () -> queue.takeLease(running.leaseId(), running.id()), why, false, clock.millis())
                    .ifPresent(b -> {
                        settle(b, true);
                        released.add(b);
                    });
        }
        return released;
    }

    /**
     * Its werker hands the build back unfinished (shutting down): requeued at the front at once, as when the lease
     * expires, but the attempt does not count against the attempts (up to {@link #MAX_HAND_BACKS}). A cancel asked
     * for ends it CANCELLED. Empty when the lease is gone already.
     */
    public Optional<Build> handBack(long buildId, String leaseId, String why) {
        Optional<Build> b = takeAway(buildId, () -> queue.takeLease(leaseId, buildId), why, true, clock.millis());
        b.ifPresent(taken -> settle(taken, false));
        return b;
    }

    private Optional<Build> takeAway(long buildId, BooleanSupplier takeLease, String why, boolean handBack,
                                     long now) {
        int maxAttempts = config.maxAttempts();
        try {
            return Optional.ofNullable(ao.executeInTransaction(() -> {
                if (!takeLease.getAsBoolean()) {
                    return null;
                }
                Build b = builds.find(buildId).orElseThrow();
                boolean free = handBack && b.handBacks() < MAX_HAND_BACKS;
                if (free) {
                    b = builds.markHandedBack(buildId);
                }
                int attempt = b.attempt();
                int counted = attempt - b.handBacks(); // attempts handed back do not count against the limit
                if (b.cancelRequested()) {
                    Build done = builds.markFinished(buildId, BuildResult.CANCELLED,
                            b.cancelReason() == null ? "cancelled" : b.cancelReason(), now);
                    builds.endOpenStages(buildId, b.runningStage(), StageStatus.CANCELLED,
                            "cancelled (the werker stopped answering)", "not run: cancelled");
                    return done;
                }
                if (!free && counted >= maxAttempts) {
                    Build done = builds.markFinished(buildId, BuildResult.ERRORED, "werker lost: " + why
                            + " on attempt " + counted + " of " + maxAttempts, now);
                    builds.endOpenStages(buildId, b.runningStage(), StageStatus.FAILED, "werker lost: " + why,
                            "not run: werker lost");
                    return done;
                }
                Build requeued = builds.markRequeued(buildId, free
                        ? "handed back: " + why + " (attempt " + attempt + " not counted); requeued"
                        : "werker lost: " + why + " on attempt " + attempt + "; requeued");
                queue.enqueue(buildId, attempt + 1, b.machineTag(), b.werkerLabels(), QueueStore.frontOf(b.queuedAt()));
                return requeued;
            }));
        } catch (RuntimeException e) {
            if (!DatabaseConflict.is(e)) {
                throw e;
            }
            log.debug("the lease of build {} was not taken away: {}", buildId, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The effects of a lease ending: the status; a requeued build wakes the held polls, an ended one goes to the
     * build-end listener (and frees a werker slot). {@code lost}: the werker did not end it, worth a warning.
     */
    private void settle(Build b, boolean lost) {
        statuses.publish(b);
        if (lost) {
            log.warn("Ocelot build {}: {}", b.id(), b.message());
        }
        if (b.state() != BuildState.QUEUED) {
            finished.buildFinished(b);
        }
        signal.wakeUp();
    }

    /**
     * Cancels a build: a queued one ends CANCELLED at once (and is published); a running one is asked to stop through
     * its werker's next heartbeat and ends when the werker reports (or its lease is taken away). True when it was
     * cancelled or asked to stop; false when it had already finished.
     */
    public boolean cancel(long buildId, String reason) {
        long now = clock.millis();
        Optional<Build> cancelled;
        try {
            cancelled = Optional.ofNullable(ao.executeInTransaction(() -> {
                if (!queue.takeTicketOf(buildId)) {
                    return null;
                }
                Build b = builds.markFinished(buildId, BuildResult.CANCELLED, reason, now);
                builds.endOpenStages(buildId, -1, StageStatus.CANCELLED, reason, "not run: " + reason);
                return b;
            }));
        } catch (ActiveObjectsException e) {
            log.debug("queued build {} not cancelled: {}", buildId, e.getMessage());
            cancelled = Optional.empty();
        }
        if (cancelled.isPresent()) {
            statuses.publish(cancelled.get());
            return true;
        }
        return builds.requestCancel(buildId, reason); // leased meanwhile, or running
    }

    /** Cancels the queued and running builds of the same branch (push) or PR and pipeline older than {@code newer}. */
    public void supersedeOlder(Build newer) {
        for (Build b : builds.active(newer.repository().id(), newer.trigger(), newer.branch(), newer.prId())) {
            if (b.id() < newer.id() && b.pipeline().equals(newer.pipeline())) {
                cancel(b.id(), "superseded by build #" + newer.id() + " of " + newer.commit());
            }
        }
    }

    /**
     * Called when a plugin node starts: werkers could not heartbeat while no node answered, so every lease gets one
     * full lease period from now before it may be taken away. Returns the leases extended.
     */
    public int nodeStarted() {
        return queue.extendLeases(clock.millis() + config.lease().toMillis());
    }
}
