package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.model.HostConfig;
import io.ocelot.core.plan.ResourceLimits;
import io.ocelot.werker.engine.EngineConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A build container's resource bounds: the lower of the werker's flags and the plan's {@code limits}. Memory, CPUs
 * and PIDs are the container's cgroup limits ({@code docker run --memory --memory-swap --cpus --pids-limit}; swap
 * equals memory so a build cannot swap its way past it). Disk is not a cgroup resource and {@code --storage-opt
 * size} only works on overlay2 over xfs with project quotas, so {@link ContainerWatch} measures the stage's container's
 * writable layer plus the build's workspace volume ({@code du} in the build container) and ends the stage that
 * crosses the limit. Every container of a build (its own, each stage's, each service's) gets these limits: Docker
 * has no limit shared by several containers without access to the host's cgroups.
 */
record ContainerLimits(ResourceLimits effective) {
    static ContainerLimits of(EngineConfig config, ResourceLimits planned) {
        return new ContainerLimits(config.limits().lowerOf(planned));
    }

    HostConfig apply(HostConfig host) {
        ResourceLimits l = effective;
        if (l.memoryBytes() != null) {
            host.withMemory(l.memoryBytes()).withMemorySwap(l.memoryBytes());
        }
        if (l.cpus() != null) {
            host.withNanoCPUs(Math.round(l.cpus() * 1e9));
        }
        if (l.pids() != null) {
            host.withPidsLimit(l.pids());
        }
        return host;
    }

    /** {@code memory 1.0 GiB, 2 CPUs, 512 processes, disk 10.0 GiB}, or null when nothing is limited. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (effective.memoryBytes() != null) {
            parts.add("memory " + bytes(effective.memoryBytes()));
        }
        if (effective.cpus() != null) {
            parts.add(cpus(effective.cpus()) + " CPU" + (effective.cpus() == 1.0 ? "" : "s"));
        }
        if (effective.pids() != null) {
            parts.add(effective.pids() + " processes");
        }
        if (effective.diskBytes() != null) {
            parts.add("disk " + bytes(effective.diskBytes()));
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

    private static String cpus(double c) {
        return c == Math.rint(c) ? Long.toString((long) c) : Double.toString(c);
    }
}
