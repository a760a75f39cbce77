package io.ocelot.core.plan;

/**
 * What one build may use on the werker: memory (bytes, swap included), CPUs (may be fractional), processes and
 * threads (PIDs), and disk written (bytes: the container's writable layer, the workspace included). A null field
 * is not limited by this value. The werker's own flags set the ceiling; an ocelot.yml {@code limits:} section may
 * only ask for less ({@link #lowerOf}), so a pushed file can never raise what the operator allows.
 */
public record ResourceLimits(Long memoryBytes, Double cpus, Long pids, Long diskBytes) {
    public static final ResourceLimits NONE = new ResourceLimits(null, null, null, null);

    /** Each field the smaller of the two (a null on one side takes the other's value). */
    public ResourceLimits lowerOf(ResourceLimits other) {
        if (other == null) {
            return this;
        }
        return new ResourceLimits(min(memoryBytes, other.memoryBytes), min(cpus, other.cpus), min(pids, other.pids),
                min(diskBytes, other.diskBytes));
    }

    public boolean isNone() {
        return memoryBytes == null && cpus == null && pids == null && diskBytes == null;
    }

    private static <T extends Comparable<T>> T min(T a, T b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }
}
