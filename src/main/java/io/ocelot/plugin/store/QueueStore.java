package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
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
import java.util.Set;

/**
 * The queue's tickets and the leases, safe across threads and cluster nodes: the tokens that decide races. Every
 * transition starts with a conditional {@code DELETE} of a ticket or lease row ({@code takeTicket},
 * {@code takeLease}, {@code takeExpiredLease}); the database reports one affected row to exactly one contender, and
 * only that one goes on to change the build. Losers see 0 rows (or a serialization error, which is treated the
 * same: somebody else won). It never touches builds or stages ({@link BuildStore}); {@code queue.BuildQueue} runs
 * both halves of a transition in one transaction, and the {@code take*}, {@code enqueue} and {@code grantLease}
 * methods are meant to run inside it.
 */
@Named
public class QueueStore {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);
    /** Subtracted from a requeued build's queue time so it sorts before every fresh build. */
    private static final long FRONT = 1L << 50;

    private final ActiveObjects ao;

    @Inject
    public QueueStore(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
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

    /** A ticket for the build's attempt, sorted by {@code sortKey} (queue time; see {@link #frontOf}). */
    public void enqueue(long buildId, int attempt, String machineTag, List<String> werkerLabels, long sortKey) {
        QueueTicketEntity t = ao.create(QueueTicketEntity.class, Map.of("BUILD_ID", buildId));
        t.setAttempt(attempt);
        t.setMachineTag(machineTag);
        t.setWerkerLabels(BuildRows.labelsColumn(werkerLabels));
        t.setSortKey(sortKey);
        t.save();
    }

    /** The sort key that puts a build queued at {@code queuedAt} before every fresh build: a requeue goes first. */
    public static long frontOf(long queuedAt) {
        return queuedAt - FRONT;
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
                    .map(t -> new Ticket(t.getID(), t.getBuildId(), t.getAttempt(), t.getMachineTag(),
                            BuildRows.labels(t.getWerkerLabels())))
                    .filter(t -> t.runnableBy(held))
                    .limit(limit - runnable.size())
                    .forEach(runnable::add);
            if (found.length < page) {
                break;
            }
        }
        return runnable;
    }

    /** A lease row until {@code expiresAt}. */
    public void grantLease(String leaseId, long buildId, long expiresAt) {
        ao.create(LeaseEntity.class, Map.of("LEASE_ID", leaseId, "BUILD_ID", buildId, "EXPIRES_AT", expiresAt));
    }

    /** Extends a live lease; false when it is gone (expired by the reaper, or the build finished). */
    public boolean renew(long buildId, String leaseId, long expiresAt) {
        try {
            return ao.executeInTransaction(() -> {
                if (ao.deleteWithSQL(LeaseEntity.class, "LEASE_ID = ? AND BUILD_ID = ?", leaseId, buildId) != 1) {
                    return false;
                }
                grantLease(leaseId, buildId, expiresAt);
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
                    grantLease(leaseId, buildId, until);
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

    /** Takes the ticket: true for exactly one caller (the claim's token). */
    public boolean takeTicket(long ticketId) {
        return ao.deleteWithSQL(QueueTicketEntity.class, "ID = ?", EntityIds.key(ticketId)) == 1;
    }

    /** Takes the build's ticket, whatever its attempt: false when it was claimed (or cancelled) first. */
    public boolean takeTicketOf(long buildId) {
        return ao.deleteWithSQL(QueueTicketEntity.class, "BUILD_ID = ?", buildId) == 1;
    }

    /**
     * Takes the build's lease whatever its expiry: false when it is gone (expired, released, finished).
     * <p>
     * A heartbeat renews the lease by deleting its row and inserting the next version ({@link #renew}). At READ
     * COMMITTED a DELETE that waited for such a renewal re-checks only the version it found, now deleted, and removes
     * nothing, although the lease lives on in the new row, which its statement cannot see: the werker's finish (or
     * hand-back) would be refused with 409 while it holds the lease, and the build requeued for nothing. So when
     * nothing was deleted but the lease is live, a new statement, which sees the renewed row, tries again (a few
     * times: heartbeats of one build come seconds apart). A lease really taken (expired, finished) is not live, and
     * the answer stays false.
     */
    public boolean takeLease(String leaseId, long buildId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (ao.deleteWithSQL(LeaseEntity.class, "LEASE_ID = ? AND BUILD_ID = ?", leaseId, buildId) == 1) {
                return true;
            }
            if (!isLive(buildId, leaseId)) {
                return false;
            }
        }
        return false;
    }

    /** Takes the lease if it is still expired at {@code now}: false when it was renewed or taken meanwhile. */
    public boolean takeExpiredLease(String leaseId, long now) {
        return ao.deleteWithSQL(LeaseEntity.class, "LEASE_ID = ? AND EXPIRES_AT < ?", leaseId, now) == 1;
    }
}
