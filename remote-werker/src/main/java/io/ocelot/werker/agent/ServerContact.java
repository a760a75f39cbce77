package io.ocelot.werker.agent;

import java.time.Duration;

/** Whether the plugin answers: any successful call says yes; the first failure starts the "unreachable since" clock. */
final class ServerContact {
    private long unreachableSinceNanos;
    private boolean unreachable;
    private String lastError;

    /** @return true if the plugin had been unreachable (so the caller may log that it is back) */
    synchronized boolean reached() {
        boolean wasDown = unreachable;
        unreachable = false;
        lastError = null;
        return wasDown;
    }

    /** @return true if this is the first failure after contact (so the caller logs it once, not per retry) */
    synchronized boolean failed(String error) {
        lastError = error;
        if (unreachable) {
            return false;
        }
        unreachable = true;
        unreachableSinceNanos = System.nanoTime();
        return true;
    }

    synchronized Duration unreachableFor() {
        return unreachable ? Duration.ofNanos(System.nanoTime() - unreachableSinceNanos) : Duration.ZERO;
    }

    synchronized String lastError() {
        return lastError;
    }
}
