package io.ocelot.plugin.queue;

import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.LogStore;
import io.ocelot.plugin.store.SettingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;

/**
 * The periodic housekeeping (run by the scheduler, once per cluster): expires leases whose werker stopped
 * heartbeating through {@link BuildQueue#expireLeases} — requeue at the front, or "werker lost" after the last
 * attempt — and deletes the logs of builds finished longer ago than the retention ({@value #RETENTION_KEY}, days;
 * default 30, 0 = keep forever).
 */
@Named
public class LeaseReaper {
    public static final String RETENTION_KEY = "log.retentionDays";
    static final int DEFAULT_RETENTION_DAYS = 30;
    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    private final BuildQueue queue;
    private final BuildStore builds;
    private final LogStore logs;
    private final SettingStore settings;
    private final OcelotConfig config;
    private final Clock clock;

    @Inject
    public LeaseReaper(BuildQueue queue, BuildStore builds, LogStore logs, SettingStore settings, OcelotConfig config,
                       Clock clock) {
        this.queue = queue;
        this.builds = builds;
        this.logs = logs;
        this.settings = settings;
        this.config = config;
        this.clock = clock;
    }

    public record Report(int requeued, int ended, int logsPruned) {
    }

    /**
     * Called when a plugin node starts (Bitbucket started, or the plugin was enabled or upgraded): werkers could not
     * heartbeat while no node answered — they kept building and spooling — so every lease gets one full lease period
     * from now before the reaper may take it. Without this the first reaper run after a restart longer than the lease
     * would requeue every running build, and their werkers' finished work would be refused with 409. The price: a
     * werker that really died during the outage is noticed one lease period later. Returns the leases extended.
     */
    public int nodeStarted() {
        int extended = queue.nodeStarted();
        if (extended > 0) {
            log.info("Ocelot started: {} running build(s) get {} s for their werkers to report again", extended,
                    config.lease().toSeconds());
        }
        return extended;
    }

    public Report run() {
        BuildQueue.Sweep sweep = queue.expireLeases();
        return new Report(sweep.requeued(), sweep.ended(), pruneLogs(clock.millis()));
    }

    private int pruneLogs(long now) {
        int days = settings.get(RETENTION_KEY).map(Integer::parseInt).orElse(DEFAULT_RETENTION_DAYS);
        if (days <= 0) {
            return 0;
        }
        int pruned = 0;
        for (long id : builds.finishedWithLogsBefore(now - days * 86_400_000L, 200)) {
            logs.delete(id);
            builds.markLogPruned(id);
            pruned++;
        }
        return pruned;
    }
}
