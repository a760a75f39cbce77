package io.ocelot.werker.agent;

import io.ocelot.core.plan.ResourceLimits;

import java.util.List;

/**
 * The werker flags that bound one build ({@code --build-memory}, {@code --build-cpus}, {@code --build-pids},
 * {@code --build-disk}) and what this werker's pulled images may take ({@code --image-budget}). Each has a default
 * that keeps one runaway build from taking the host down; {@code 0} turns a limit off. docs/werker-agent.md has the
 * operator's view.
 */
final class BuildLimitFlags {
    static final String DEFAULT_MEMORY = "4GiB";
    static final String DEFAULT_PIDS = "2048";
    static final String DEFAULT_DISK = "20GiB";
    static final String DEFAULT_IMAGE_BUDGET = "20GiB";

    String memory = DEFAULT_MEMORY;
    /** Default: every CPU of the host, i.e. only a bound against a build that asks for fewer in its file. */
    String cpus = "0";
    String pids = DEFAULT_PIDS;
    String disk = DEFAULT_DISK;
    String imageBudget = DEFAULT_IMAGE_BUDGET;

    ResourceLimits limits(List<String> problems) {
        Long mem = size("--build-memory", memory, 6L << 20, problems);
        Long dsk = size("--build-disk", disk, 1L << 20, problems);
        Double c = null;
        try {
            double v = Double.parseDouble(cpus.trim());
            if (v < 0 || Double.isNaN(v) || v > 4096) {
                problems.add("--build-cpus: expected a number of CPUs such as 2 or 0.5 (0 = all), got '" + cpus + "'");
            } else if (v > 0) {
                c = v;
            }
        } catch (NumberFormatException e) {
            problems.add("--build-cpus: expected a number of CPUs such as 2 or 0.5 (0 = all), got '" + cpus + "'");
        }
        Long p = null;
        try {
            long v = Long.parseLong(pids.trim());
            if (v != 0 && v < 8) {
                problems.add("--build-pids: at least 8 processes (0 = no limit), got " + v);
            } else if (v > 0) {
                p = v;
            }
        } catch (NumberFormatException e) {
            problems.add("--build-pids: expected a whole number of processes (0 = no limit), got '" + pids + "'");
        }
        return new ResourceLimits(mem, c, p, dsk);
    }

    long imageBudget(List<String> problems) {
        Long b = size("--image-budget", imageBudget, 0, problems);
        return b == null ? 0 : b;
    }

    /** Null for 0 (off) or a problem. */
    private static Long size(String flag, String value, long min, List<String> problems) {
        try {
            long b = Units.parseBytes(value);
            if (b == 0) {
                return null;
            }
            if (b < min) {
                problems.add(flag + ": '" + value + "' is too small (at least " + Units.formatBytes(min) + ", 0 = off)");
                return null;
            }
            return b;
        } catch (IllegalArgumentException e) {
            problems.add(flag + ": " + e.getMessage());
            return null;
        }
    }
}
