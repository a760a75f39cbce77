package io.ocelot.werker.agent.client;

import java.time.Duration;

/** Whether the plugin answers: any successful call says yes; the first failure starts the "unreachable since" clock. */
public final class ServerContact {
    private long unreachableSinceNanos;
    private boolean unreachable;
    private String lastError;

    /** @return true if the plugin had been unreachable (so the caller may log that it is back) */
    public synchronized boolean reached() {
        boolean wasDown = unreachable;
        unreachable = false;
        lastError = null;
        return wasDown;
    }

    /** @return true if this is the first failure after contact (so the caller logs it once, not per retry) */
    public synchronized boolean failed(String error) {
        lastError = error;
        if (unreachable) {
            return false;
        }
        unreachable = true;
        unreachableSinceNanos = System.nanoTime();
        return true;
    }

    public synchronized Duration unreachableFor() {
        return unreachable ? Duration.ofNanos(System.nanoTime() - unreachableSinceNanos) : Duration.ZERO;
    }

    public synchronized String lastError() {
        return lastError;
    }
}
