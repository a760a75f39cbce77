package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import net.java.ao.ActiveObjectsException;
import net.java.ao.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The queue and the leases, safe across threads and cluster nodes. Every transition starts with a conditional
 * {@code DELETE} of a ticket or lease row inside a transaction; the database reports one affected row to exactly one
 * contender, and only that one goes on to change the build. Losers see 0 rows (or a serialization error, which is
 * treated the same: somebody else won).
 */
@Named
public class QueueStore {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);
    /** Subtracted from a requeued build's queue time so it sorts before every fresh build. */
    private static final long FRONT = 1L << 50;

    private final ActiveObjects ao;
    private final BuildStore builds;

    @Inject
    public QueueStore(@ComponentImport ActiveObjects ao, BuildStore builds) {
        this.ao = ao;
        this.builds = builds;
    }

    /** {@code werkerLabels}: what the repository requires of a werker (all of them), empty for any werker. */
    public record Ticket(long ticketId, long buildId, int attempt, String machineTag, List<String> werkerLabels) {
        public Ticket {
            werkerLabels = werkerLabels == null ? List.of() : List.copyOf(werkerLabels);
        }

        /** The machine tag (if any) is one of the werker's labels, and so is every label the repository requires. */
        public boolean runnableBy(Collection<String> labels) {
            return (machineTag == null || labels.contains(machineTag)) && labels.containsAll(werkerLabels);
        }
    }

    public record Lease(String leaseId, long buildId, long expiresAt) {
    }

    static void enqueue(ActiveObjects ao, long buildId, int attempt, String machineTag, String werkerLabels,
                        long sortKey) {
        QueueTicketEntity t = ao.create(QueueTicketEntity.class, Map.of("BUILD_ID", buildId));
        t.setAttempt(attempt);
        t.setMachineTag(machineTag);
        t.setWerkerLabels(werkerLabels);
        t.setSortKey(sortKey);
        t.save();
    }

    /** The stored form of a repository's werker labels: space-separated (labels hold no spaces), null for none. */
    static String labelsColumn(List<String> labels) {
        return labels == null || labels.isEmpty() ? null : String.join(" ", labels);
    }

    private static List<String> labels(String column) {
        return column == null || column.isBlank() ? List.of() : List.of(column.trim().split("\\s+"));
    }

    /**
     * Waiting tickets a werker with {@code labels} may take ({@link Ticket#runnableBy}), the one to serve first first:
     * builds without a machine tag (image builds) or whose machine tag is one of the labels, and whose repository's
     * werker labels the werker all carries. The machine tag is filtered by the database; the repository's labels
     * (a subset test a single column cannot express in portable SQL) here, page by page, so tickets no werker of this
     * kind may take never hide the ones behind them. A ticket nobody may take just waits.
     */
    public List<Ticket> waiting(List<String> labels, int limit) {
        StringBuilder where = new StringBuilder("MACHINE_TAG IS NULL");
        if (!labels.isEmpty()) {
            where.append(" OR MACHINE_TAG IN (").append(String.join(",", java.util.Collections.nCopies(labels.size(), "?")))
                    .append(")");
        }
        Set<String> held = Set.copyOf(labels);
        List<Ticket> runnable = new ArrayList<>();
        int page = Math.max(limit, 50);
        for (int offset = 0; runnable.size() < limit; offset += page) {
            Query q = Query.select().where(where.toString(), labels.toArray()).order("SORT_KEY ASC, ID ASC")
                    .offset(offset).limit(page);
            QueueTicketEntity[] found = ao.find(QueueTicketEntity.class, q);
            Arrays.stream(found)
                    .map(t -> new Ticket(t.getID(), t.getBuildId(), t.getAttempt(), t.getMachineTag(), labels(t.getWerkerLabels())))
                    .filter(t -> t.runnableBy(held))
                    .limit(limit - runnable.size())
                    .forEach(runnable::add);
            if (found.length < page) {
                break;
            }
        }
        return runnable;
    }

    /** Leases the ticket's build to the werker; empty when another poller (on any node) took it first. */
    public Optional<Build> claim(Ticket ticket, long werkerId, String leaseId, long now, long leaseMillis) {
        try {
            return Optional.ofNullable(ao.executeInTransaction(() -> {
                if (ao.deleteWithSQL(QueueTicketEntity.class, "ID = ?", EntityIds.key(ticket.ticketId())) != 1) {
                    return null;
                }
                BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(ticket.buildId()));
                e.setState(BuildState.RUNNING.name());
                e.setAttempt(ticket.attempt());
                e.setLeaseId(leaseId);
                e.setWerkerId(werkerId);
                e.setLeasedAt(now);
                e.setRunningStage(-1);
                if (e.getStartedAt() == 0) {
                    e.setStartedAt(now);
                }
                e.setLogLength(0);
                e.setLogStored(0);
                e.setLogCapped(false);
                e.save();
                newLease(leaseId, ticket.buildId(), now + leaseMillis);
                return BuildStore.toBuild(e);
            }));
        } catch (ActiveObjectsException e) {
            log.debug("lost the race for build {}: {}", ticket.buildId(), e.getMessage());
            return Optional.empty();
        }
    }

    private void newLease(String leaseId, long buildId, long expiresAt) {
        ao.create(LeaseEntity.class, Map.of("LEASE_ID", leaseId, "BUILD_ID", buildId, "EXPIRES_AT", expiresAt));
    }

    /** Extends a live lease; false when it is gone (expired by the reaper, or the build finished). */
    public boolean renew(long buildId, String leaseId, long expiresAt) {
        try {
            return ao.executeInTransaction(() -> {
                if (ao.deleteWithSQL(LeaseEntity.class, "LEASE_ID = ? AND BUILD_ID = ?", leaseId, buildId) != 1) {
                    return false;
                }
                newLease(leaseId, buildId, expiresAt);
                return true;
            });
        } catch (ActiveObjectsException e) {
            return false;
        }
    }

    public boolean isLive(long buildId, String leaseId) {
        return ao.count(LeaseEntity.class, "LEASE_ID = ? AND BUILD_ID = ?", leaseId, buildId) == 1;
    }

    public List<Lease> expiredLeases(long now) {
        return Arrays.stream(ao.find(LeaseEntity.class, Query.select().where("EXPIRES_AT < ?", now).order("EXPIRES_AT ASC")))
                .map(l -> new Lease(l.getLeaseId(), l.getBuildId(), l.getExpiresAt())).toList();
    }

    /**
     * Gives every lease that would expire before {@code until} that much more time, each with the same conditional
     * delete-and-insert as a heartbeat (a concurrent renewal or expiry wins and is left alone). Returns how many.
     */
    public int extendLeases(long until) {
        int extended = 0;
        for (LeaseEntity l : ao.find(LeaseEntity.class, Query.select().where("EXPIRES_AT < ?", until))) {
            String leaseId = l.getLeaseId();
            long buildId = l.getBuildId();
            long was = l.getExpiresAt();
            try {
                boolean done = ao.executeInTransaction(() -> {
                    if (ao.deleteWithSQL(LeaseEntity.class, "LEASE_ID = ? AND EXPIRES_AT = ?", leaseId, was) != 1) {
                        return false;
                    }
                    newLease(leaseId, buildId, until);
                    return true;
                });
                if (done) {
                    extended++;
                }
            } catch (ActiveObjectsException e) {
                log.debug("lease {} not extended: {}", leaseId, e.getMessage());
            }
        }
        return extended;
    }

    /**
     * The leases of the werker's running builds granted before {@code grantedBefore} (epoch ms), as
     * (lease id, build id); expiry is not looked at.
     */
    public List<Lease> leasesOf(long werkerId, long grantedBefore) {
        return Arrays.stream(ao.find(BuildEntity.class, Query.select()
                        .where("WERKER_ID = ? AND STATE = ? AND LEASED_AT < ?", werkerId, BuildState.RUNNING.name(),
                                grantedBefore)))
                .filter(b -> b.getLeaseId() != null)
                .map(b -> new Lease(b.getLeaseId(), b.getID(), 0)).toList();
    }

    /**
     * Takes away an expired lease: the build is requeued at the front with the next attempt, or, after
     * {@code maxAttempts} (or when a cancel was asked for), finished. Empty when the lease was renewed or taken
     * meanwhile.
     */
    public Optional<Build> expire(Lease lease, long now, int maxAttempts, String why) {
        return takeAway(lease, now, maxAttempts, why, "LEASE_ID = ? AND EXPIRES_AT < ?", lease.leaseId(), now);
    }

    /**
     * Takes away a lease whatever its expiry (its werker says it no longer holds the build), with the same outcome
     * as {@link #expire}. Empty when the lease is gone already (finished, expired, released by another node).
     */
    public Optional<Build> release(Lease lease, long now, int maxAttempts, String why) {
        return takeAway(lease, now, maxAttempts, why, "LEASE_ID = ? AND BUILD_ID = ?", lease.leaseId(),
                lease.buildId());
    }

    /**
     * Its werker hands the build back unfinished (shutting down): requeued at the front at once, as when the lease
     * expires, but the attempt does not count against {@code maxAttempts} (up to {@link #MAX_HAND_BACKS}; beyond
     * that a werker restarting in a loop would keep a build forever). A cancel asked for ends it CANCELLED. Empty
     * when the lease is gone already.
     */
    public Optional<Build> handBack(Lease lease, long now, int maxAttempts, String why) {
        return takeAway(lease, now, maxAttempts, why, true, "LEASE_ID = ? AND BUILD_ID = ?", lease.leaseId(),
                lease.buildId());
    }

    /** Hand-backs beyond this many count as ordinary attempts. */
    public static final int MAX_HAND_BACKS = 5;

    private Optional<Build> takeAway(Lease lease, long now, int maxAttempts, String why, String leaseCriteria,
                                     Object... params) {
        return takeAway(lease, now, maxAttempts, why, false, leaseCriteria, params);
    }

    private Optional<Build> takeAway(Lease lease, long now, int maxAttempts, String why, boolean handBack,
                                     String leaseCriteria, Object... params) {
        try {
            return Optional.ofNullable(ao.executeInTransaction(() -> {
                if (ao.deleteWithSQL(LeaseEntity.class, leaseCriteria, params) != 1) {
                    return null;
                }
                BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(lease.buildId()));
                int attempt = e.getAttempt();
                boolean free = handBack && e.getHandBacks() < MAX_HAND_BACKS;
                if (free) {
                    e.setHandBacks(e.getHandBacks() + 1);
                }
                // attempts handed back do not count against the limit
                int counted = attempt - e.getHandBacks();
                if (e.isCancelRequested()) {
                    finishEntity(e, BuildResult.CANCELLED, cancelMessage(e), now);
                    builds.endOpenStages(lease.buildId(), e.getRunningStage(), StageStatus.CANCELLED,
                            "cancelled (the werker stopped answering)", "not run: cancelled");
                } else if (!free && counted >= maxAttempts) {
                    finishEntity(e, BuildResult.ERRORED, "werker lost: " + why + " on attempt " + counted + " of "
                            + maxAttempts, now);
                    builds.endOpenStages(lease.buildId(), e.getRunningStage(), StageStatus.FAILED,
                            "werker lost: " + why, "not run: werker lost");
                } else {
                    e.setState(BuildState.QUEUED.name());
                    e.setLeaseId(null);
                    e.setWerkerId(0);
                    e.setRunningStage(-1);
                    e.setMessage(free ? "handed back: " + why + " (attempt " + attempt + " not counted); requeued"
                            : "werker lost: " + why + " on attempt " + attempt + "; requeued");
                    e.save();
                    builds.resetStages(lease.buildId(), Json.read(e.getPlanJson(), BuildPlan.class));
                    enqueue(ao, lease.buildId(), attempt + 1, e.getMachineTag(), e.getWerkerLabels(),
                            e.getQueuedAt() - FRONT);
                }
                return BuildStore.toBuild(e);
            }));
        } catch (RuntimeException e) {
            if (!DatabaseConflict.is(e)) {
                throw e;
            }
            log.debug("lease {} not taken away: {}", lease.leaseId(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Ends a running build under its lease; empty when the lease is no longer live. */
    public Optional<Build> finish(long buildId, String leaseId, BuildResult result, String message, long now) {
        try {
            return Optional.ofNullable(ao.executeInTransaction(() -> {
                if (ao.deleteWithSQL(LeaseEntity.class, "LEASE_ID = ? AND BUILD_ID = ?", leaseId, buildId) != 1) {
                    return null;
                }
                BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(buildId));
                finishEntity(e, result, message, now);
                builds.endOpenStages(buildId, -1, StageStatus.CANCELLED, "not reported by the werker",
                        "not run");
                return BuildStore.toBuild(e);
            }));
        } catch (ActiveObjectsException e) {
            return Optional.empty();
        }
    }

    /** Cancels a build still waiting in the queue; empty when a werker leased it first (or it is gone). */
    public Optional<Build> cancelQueued(long buildId, String reason, long now) {
        try {
            return Optional.ofNullable(ao.executeInTransaction(() -> {
                if (ao.deleteWithSQL(QueueTicketEntity.class, "BUILD_ID = ?", buildId) != 1) {
                    return null;
                }
                BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(buildId));
                finishEntity(e, BuildResult.CANCELLED, reason, now);
                builds.endOpenStages(buildId, -1, StageStatus.CANCELLED, reason, "not run: " + reason);
                return BuildStore.toBuild(e);
            }));
        } catch (ActiveObjectsException e) {
            log.debug("queued build {} not cancelled: {}", buildId, e.getMessage());
            return Optional.empty();
        }
    }

    /** Asks the werker running the build to stop (delivered on its next heartbeat). False if not running. */
    public boolean requestCancel(long buildId, String reason) {
        return ao.executeInTransaction(() -> {
            BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(buildId));
            if (e == null || !BuildState.RUNNING.name().equals(e.getState())) {
                return false;
            }
            if (e.isCancelRequested()) {
                return true; // the first reason stands
            }
            e.setCancelRequested(true);
            e.setCancelReason(reason);
            e.save();
            return true;
        });
    }

    /** Remembers which stage the werker says it is in, so a lost werker's stage can say so. */
    public void noteRunningStage(long buildId, int stage) {
        BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(buildId));
        if (e.getRunningStage() != stage) {
            e.setRunningStage(stage);
            e.save();
        }
    }

    private static String cancelMessage(BuildEntity e) {
        return e.getCancelReason() == null ? "cancelled" : e.getCancelReason();
    }

    private static void finishEntity(BuildEntity e, BuildResult result, String message, long now) {
        e.setState(BuildState.FINISHED.name());
        e.setOutcome(result.name());
        e.setMessage(message);
        e.setFinishedAt(now);
        e.save();
    }
}
