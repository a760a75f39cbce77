package io.ocelot.core.build;

/** Where a stage is. PENDING until the werker starts it; the last four are final. */
public enum StageStatus {
    PENDING, RUNNING, PASSED, FAILED, SKIPPED, CANCELLED;

    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }
}
