package io.ocelot.werker.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A cancel request shared between whoever asks (heartbeat reply, Ctrl-C, drain timeout) and the running build.
 * The first reason wins; listeners run once, on the thread that cancels.
 */
public final class Cancellation {
    private String reason;
    private final List<Runnable> listeners = new ArrayList<>();

    public void cancel(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why == null ? "cancelled" : why;
            toRun = List.copyOf(listeners);
            notifyAll();
        }
        toRun.forEach(Runnable::run);
    }

    public synchronized boolean isCancelled() {
        return reason != null;
    }

    public synchronized String reason() {
        return reason;
    }

    /**
     * Runs {@code r} when cancelled (immediately if it already is). Closing the registration forgets {@code r}, for a
     * step that is over: a later cancel must not reach it. (A cancel already under way may still run it.)
     */
    public Registration onCancel(Runnable r) {
        synchronized (this) {
            if (reason == null) {
                listeners.add(r);
                return () -> {
                    synchronized (this) {
                        listeners.remove(r);
                    }
                };
            }
        }
        r.run();
        return () -> { };
    }

    /** A listener added by {@link #onCancel}; {@link #close()} removes it. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
