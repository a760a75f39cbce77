package io.ocelot.werker.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The werker's build slots: how many leased builds run ({@code --max-builds} at most), the sessions it still holds
 * (running or delivering), and the one monitor the agent's loops wait on, which a freed slot, an ended session and a
 * stop all wake. Once {@link #stopTaking stopped}, no slot is handed out and every wait returns.
 */
final class BuildSlots {
    private static final Logger LOG = LoggerFactory.getLogger(BuildSlots.class);

    private final int max;
    private final Map<Long, BuildSession> sessions = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private int activeRuns; // guarded by lock
    private volatile boolean draining;

    BuildSlots(int max) {
        this.max = max;
    }

    /** No new work from now on (the werker is stopping). */
    void stopTaking() {
        draining = true;
        wakeUp();
    }

    boolean draining() {
        return draining;
    }

    /** Waits for a free build slot; returns the number free, or 0 when draining. */
    int awaitFree() throws InterruptedException {
        synchronized (lock) {
            while (!draining && activeRuns >= max) {
                lock.wait(1000);
            }
            return draining ? 0 : max - activeRuns;
        }
    }

    /** A leased build takes a slot until {@link #runFinished}. */
    void take() {
        synchronized (lock) {
            activeRuns++;
        }
    }

    void runFinished() {
        synchronized (lock) {
            activeRuns--;
            lock.notifyAll();
        }
    }

    /** Holds the session until it is done (run and delivered). */
    void track(BuildSession session) {
        sessions.put(session.buildId(), session);
        session.done().whenComplete((v, t) -> {
            sessions.remove(session.buildId(), session);
            wakeUp();
        });
    }

    Collection<BuildSession> sessions() {
        return sessions.values();
    }

    boolean noSessions() {
        return sessions.isEmpty();
    }

    int sessionCount() {
        return sessions.size();
    }

    /** Cancels every running build (the engine still gives each its grace). */
    void cancelRunning(String why) {
        for (BuildSession s : sessions.values()) {
            if (s.isRunning()) {
                LOG.info("build {}: cancelling ({})", s.buildId(), why);
                s.cancel("cancelled on the werker: " + why);
            }
        }
    }

    Set<Long> runningIds() {
        Set<Long> running = new TreeSet<>();
        sessions.values().stream().filter(BuildSession::isRunning).forEach(s -> running.add(s.buildId()));
        return running;
    }

    long runningCount() {
        synchronized (lock) {
            return activeRuns;
        }
    }

    long spoolPendingBytes() {
        return sessions.values().stream().mapToLong(BuildSession::pendingBytes).sum();
    }

    /** The builds this werker holds, for the poll's {@code running} list. */
    List<Long> heldBuildIds() {
        // a build whose finish the plugin accepted is no longer held, even while its session tidies up
        return sessions.values().stream().filter(BuildSession::holdsLease).map(BuildSession::buildId).sorted()
                .toList();
    }

    boolean waitFor(BooleanSupplier condition, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!condition.getAsBoolean()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    lock.wait(Math.max(1, Math.min(left / 1_000_000, 200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return condition.getAsBoolean();
                }
            }
            return true;
        }
    }

    /** Sleeps {@code d}, or less when the werker stops. */
    void sleep(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        synchronized (lock) {
            long left;
            while (!draining && (left = until - System.nanoTime()) > 0) {
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    void wakeUp() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }
}
