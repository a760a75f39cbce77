package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import io.ocelot.plugin.build.BuildState;

/**
 * Check-then-write under a werker's lease, safe at READ COMMITTED. A werker's write (a log append, a stage report)
 * is allowed only while the build runs under the caller's lease and attempt, and the check and the write must see
 * the same build row. At READ COMMITTED (PostgreSQL, and Bitbucket's transactions on every database; see
 * docs/plugin.md "Isolation") a write that waited for a requeue or a claim proceeds on the row as they left it, so a
 * check made on a row read before the wait would let a stale write land on the next attempt. Writing the row first
 * takes its lock (or waits for whoever holds it: the reaper's requeue, a claim, a finish); the read after it sees the
 * latest committed row, and nothing changes the row until this transaction ends. Databases that refuse the waiting
 * write instead (HSQLDB's MVCC at SERIALIZABLE) raise a conflict that the caller retries or reports.
 * Call inside {@code ActiveObjects.executeInTransaction}.
 */
final class BuildRowLock {
    private BuildRowLock() {
    }

    /** The build row read under its lock, or null when there is no such build. */
    static BuildEntity lock(ActiveObjects ao, long buildId) {
        BuildEntity b = ao.get(BuildEntity.class, EntityIds.key(buildId));
        if (b == null) {
            return null;
        }
        // AO's save issues an UPDATE for every field set, even to its old value. The lock column, never a real one:
        // this write may run after a wait, and a real column would get back the value read before the wait.
        b.setRowLock(0);
        b.save();
        return ao.get(BuildEntity.class, EntityIds.key(buildId));
    }

    /** The locked row is running under this lease and attempt. */
    static boolean holds(BuildEntity b, int attempt, String leaseId) {
        return b != null && BuildState.RUNNING.name().equals(b.getState()) && leaseId.equals(b.getLeaseId())
                && b.getAttempt() == attempt;
    }
}
