package io.ocelot.werker.agent;

import io.ocelot.werker.engine.BuildEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The werker's disk as the poll loop sees it: below {@code --disk-floor}, or full under a build, the werker takes no
 * work until there is room again; both show in {@code /health}.
 */
final class DiskWatch {
    private static final Logger LOG = LoggerFactory.getLogger(DiskWatch.class);

    private final AgentConfig cfg;
    private final LongSupplier freeDisk;
    private volatile String diskProblem;
    /** Why the werker's disk filled up under a build ({@code /health}); cleared when the disk has room again. */
    private volatile String diskFullProblem;
    private volatile long diskFullAtNanos;

    DiskWatch(AgentConfig cfg, LongSupplier freeDisk) {
        this.cfg = cfg;
        this.freeDisk = freeDisk;
    }

    /** A build ended because the disk is full: out of rotation until the disk has room (checked after a pause). */
    void diskFull(String why) {
        diskFullAtNanos = System.nanoTime();
        diskFullProblem = why;
        LOG.warn("disk full: {}; not taking work until there is room again", why);
    }

    /** True while a build's full disk keeps the werker out of rotation. */
    boolean isFull() {
        return diskFullProblem != null;
    }

    boolean aboveFloor() {
        if (diskFullProblem != null) {
            // one check interval at least: the full build's own spool and workspace are still being cleaned up
            if (System.nanoTime() - diskFullAtNanos < cfg.timings().diskCheckInterval().toNanos()) {
                return false;
            }
            long free = freeDisk.getAsLong();
            if (free < Math.max(cfg.diskFloorBytes(), BuildEngine.MIN_DISK_FULL_BYTES)) {
                return false;
            }
            LOG.info("disk has room again ({} free); taking work again", Units.formatBytes(free));
            diskFullProblem = null;
        }
        long free = freeDisk.getAsLong();
        if (free < cfg.diskFloorBytes()) {
            if (diskProblem == null) {
                LOG.warn("disk space low: {} free in {}, below the floor of {}; not taking work until there is more",
                        Units.formatBytes(free), cfg.workDir(), Units.formatBytes(cfg.diskFloorBytes()));
            }
            diskProblem = "disk below floor: " + Units.formatBytes(free) + " free in " + cfg.workDir() + " < "
                    + Units.formatBytes(cfg.diskFloorBytes());
            return false;
        }
        if (diskProblem != null) {
            LOG.info("disk space back above the floor ({} free); taking work again", Units.formatBytes(free));
            diskProblem = null;
        }
        return true;
    }

    /** The disk's reasons for {@code /health} being 503. */
    void addProblems(List<String> problems) {
        String disk = diskProblem;
        if (disk != null) {
            problems.add(disk);
        }
        String full = diskFullProblem;
        if (full != null) {
            problems.add("disk full: " + full);
        }
    }
}
