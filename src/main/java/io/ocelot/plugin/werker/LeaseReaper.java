package io.ocelot.plugin.werker;

import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildFinishedListener;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.status.BuildStatuses;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.LogStore;
import io.ocelot.plugin.store.QueueStore;
import io.ocelot.plugin.store.SettingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The periodic housekeeping (run by the scheduler, once per cluster): expires leases whose werker stopped
 * heartbeating — requeue at the front, or "werker lost" after the last attempt — and deletes the logs of builds
 * finished longer ago than the retention ({@value #RETENTION_KEY}, days; default 30, 0 = keep forever).
 */
@Named
public class LeaseReaper {
    public static final String RETENTION_KEY = "log.retentionDays";
    static final int DEFAULT_RETENTION_DAYS = 30;
    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    private final QueueStore queue;
    private final BuildStore builds;
    private final LogStore logs;
    private final SettingStore settings;
    private final BuildStatuses statuses;
    private final QueueSignal signal;
    private final BuildFinishedListener finished;
    private final OcelotConfig config;
    private final Clock clock;

    @Inject
    public LeaseReaper(QueueStore queue, BuildStore builds, LogStore logs, SettingStore settings,
                       BuildStatuses statuses, QueueSignal signal, BuildFinishedListener finished, OcelotConfig config,
                       Clock clock) {
        this.queue = queue;
        this.builds = builds;
        this.logs = logs;
        this.settings = settings;
        this.statuses = statuses;
        this.signal = signal;
        this.finished = finished;
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
        int extended = queue.extendLeases(clock.millis() + config.lease().toMillis());
        if (extended > 0) {
            log.info("Ocelot started: {} running build(s) get {} s for their werkers to report again", extended,
                    config.lease().toSeconds());
        }
        return extended;
    }

    public Report run() {
        long now = clock.millis();
        int requeued = 0;
        int ended = 0;
        String why = "no heartbeat for " + config.lease().toSeconds() + " s";
        for (QueueStore.Lease lease : queue.expiredLeases(now)) {
            Optional<Build> b = queue.expire(lease, now, config.maxAttempts(), why);
            if (b.isEmpty()) {
                continue; // renewed or finished meanwhile
            }
            if (settle(b.get())) {
                requeued++;
            } else {
                ended++;
            }
        }
        return new Report(requeued, ended, pruneLogs(now));
    }

    /**
     * A werker polled at {@code polledAt} and listed {@code held} as the builds it holds: every lease of its running
     * builds granted before that poll came, on a build it does not list, is taken away at once — requeued at the
     * front with the next attempt, or "werker lost" after the last — as when the lease expires. The werker restarted
     * and lost the build (or never got the job: the poll's reply was lost, or it could not start it); waiting for the
     * lease to expire would only delay the build.
     *
     * <p>Why "granted before the poll came": a werker polls one request at a time and adds a job to its list as soon
     * as it receives it, so a lease granted before this poll arrived was either received (and is listed) or its
     * reply is lost for good. A lease granted after the poll arrived may come from another poll still in flight —
     * one the werker gave up on while the plugin still held it — whose list could not contain it yet; it is left
     * alone (the next poll or the expiry settles it); so is one granted in the same millisecond. Times are this
     * node's clock against the granting node's: a skew between nodes either delays a release to the next poll or
     * misorders a lease granted in a poll the werker already gave up on, whose reply never reaches it anyway. The
     * check runs when the poll comes, never while it is held. Returns the builds taken away.
     */
    public List<Build> releaseUnheld(Werker werker, Collection<Long> held, long polledAt) {
        List<Build> released = new ArrayList<>();
        String why = "werker '" + werker.name() + "' polled without it (restarted?)";
        Set<Long> holds = new HashSet<>(held);
        for (QueueStore.Lease lease : queue.leasesOf(werker.id(), polledAt)) {
            if (holds.contains(lease.buildId())) {
                continue;
            }
            queue.release(lease, clock.millis(), config.maxAttempts(), why).ifPresent(b -> {
                settle(b);
                released.add(b);
            });
        }
        return released;
    }

    /** Publishes a build whose lease was taken away; true when it was requeued, false when it ended. */
    private boolean settle(Build b) {
        statuses.publish(b);
        log.warn("Ocelot build {}: {}", b.id(), b.message());
        if (b.state() == BuildState.QUEUED) {
            signal.wakeUp();
            return true;
        }
        finished.buildFinished(b);
        return false;
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
