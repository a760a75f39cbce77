package io.ocelot.plugin.build;

import javax.inject.Named;
import java.util.HashMap;
import java.util.Map;

/**
 * Wakes this node's readers waiting for more of a build's log (the user API's {@code wait}) when a werker's bytes or
 * its finish were stored here. Only builds someone waits for are kept, and only while they wait. What was stored
 * through another cluster node is found by the readers' own re-read ({@code ui.LogFollow}).
 */
@Named
public class LogSignal {
    /** Guarded by this. */
    private final Map<Long, Watched> watched = new HashMap<>();

    private static final class Watched {
        long changes;
        int watchers;
    }

    /** The build's log grew here, or the build finished. */
    public synchronized void changed(long buildId) {
        Watched w = watched.get(buildId);
        if (w != null) {
            w.changes++;
            notifyAll();
        }
    }

    /** Starts watching the build: changes from now on wake {@link Watch#await}. Close it when done. */
    public synchronized Watch watch(long buildId) {
        Watched w = watched.computeIfAbsent(buildId, id -> new Watched());
        w.watchers++;
        return new Watch(buildId, w);
    }

    /** How many builds are watched now. */
    public synchronized int watchedBuilds() {
        return watched.size();
    }

    /** One reader's watch of one build. */
    public final class Watch implements AutoCloseable {
        private final long buildId;
        private final Watched w;
        private long seen;
        private boolean closed;

        private Watch(long buildId, Watched w) {
            this.buildId = buildId;
            this.w = w;
            this.seen = w.changes;
        }

        /** Returns once the build changed since the watch began or the last await returned, or after {@code millis}. */
        public void await(long millis) throws InterruptedException {
            synchronized (LogSignal.this) {
                long deadline = System.nanoTime() + millis * 1_000_000L;
                while (w.changes == seen) {
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        break;
                    }
                    LogSignal.this.wait(left);
                }
                seen = w.changes;
            }
        }

        @Override
        public void close() {
            synchronized (LogSignal.this) {
                if (!closed && --w.watchers == 0) {
                    watched.remove(buildId);
                }
                closed = true;
            }
        }
    }
}
