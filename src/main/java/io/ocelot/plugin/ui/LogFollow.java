package io.ocelot.plugin.ui;

import io.ocelot.core.api.LogPage;
import io.ocelot.core.api.UserApi;
import io.ocelot.plugin.build.LogSignal;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * A log read that may wait for news (the user API's {@code wait}): while the page from the reader's offset holds
 * nothing new and the build goes on, the request is held until this node stores more of the log or the build's finish
 * ({@link LogSignal}), re-reading every {@link #RECHECK_MILLIS} for what other cluster nodes store, until the wait is
 * over. A follower ({@code ocelot logs -f}, a benchmark) then sees a line as soon as the plugin has it, with one
 * request per change instead of one per poll interval. Each waiting read holds a request thread, so at most
 * {@link #MAX_WAITING} wait at once on a node; a read beyond them is answered at once, as without {@code wait}, and
 * its client falls back to its own pace.
 */
public final class LogFollow {
    /** How often a waiting read looks again for bytes another cluster node stored. */
    public static final long RECHECK_MILLIS = 500;
    /** Waiting reads at once on one node. */
    public static final int MAX_WAITING = 64;

    private final LogSignal signal;
    private final Semaphore waiting;
    private final long recheckMillis;

    public LogFollow(LogSignal signal) {
        this(signal, MAX_WAITING, RECHECK_MILLIS);
    }

    LogFollow(LogSignal signal, int maxWaiting, long recheckMillis) {
        this.signal = signal;
        this.waiting = new Semaphore(maxWaiting);
        this.recheckMillis = recheckMillis;
    }

    /** Checks a {@code wait} parameter (seconds; null: none). */
    public static int waitSeconds(Integer wait) {
        if (wait == null) {
            return 0;
        }
        if (wait < 0 || wait > UserApi.MAX_LOG_WAIT_SECONDS) {
            throw UserFacingException.badRequest("wait must be between 0 and " + UserApi.MAX_LOG_WAIT_SECONDS + " seconds, not "
                    + wait);
        }
        return wait;
    }

    /** The page {@code read} gives, once it has news (bytes past {@code offset}, or the log's end) or the wait is over. */
    public LogPage page(long buildId, long offset, int waitSeconds, Supplier<LogPage> read) {
        if (waitSeconds <= 0 || !waiting.tryAcquire()) {
            return read.get();
        }
        try (LogSignal.Watch watch = signal.watch(buildId)) { // before the read: nothing stored after it is missed
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
            while (true) {
                LogPage page = read.get();
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (page.nextOffset() > offset || page.complete() || left <= 0) {
                    return page;
                }
                watch.await(Math.min(left, recheckMillis));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return read.get();
        } finally {
            waiting.release();
        }
    }
}
