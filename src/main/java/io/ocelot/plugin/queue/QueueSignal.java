package io.ocelot.plugin.queue;

import javax.inject.Named;

/**
 * Wakes this node's held polls when a build is queued, so a build starts without waiting for the next re-check.
 * Builds queued on other cluster nodes are found by the periodic re-check instead.
 */
@Named
public class QueueSignal {
    private long generation;

    public synchronized void wakeUp() {
        generation++;
        notifyAll();
    }

    public synchronized long generation() {
        return generation;
    }

    /** Waits until woken after {@code seen} or {@code millis} pass. */
    public synchronized void awaitChange(long seen, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (generation == seen) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
