package io.ocelot.plugin.queue;

import io.ocelot.plugin.artifact.ArtifactFiles;
import io.ocelot.plugin.build.Artifact;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.store.ArtifactSettings;
import io.ocelot.plugin.store.ArtifactStore;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.ClusterClaimStore;
import io.ocelot.plugin.store.LogStore;
import io.ocelot.plugin.store.PendingTriggerStore;
import io.ocelot.plugin.store.SettingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The periodic housekeeping (run by the scheduler, once per cluster): expires leases whose werker stopped
 * heartbeating through {@link BuildQueue#expireLeases} — requeue at the front, or "werker lost" after the last
 * attempt — and deletes the logs of builds finished longer ago than the retention ({@value #RETENTION_KEY}, days;
 * default 30, 0 = keep forever), and the artifact files uploaded longer ago than theirs
 * ({@link ArtifactSettings#RETENTION_KEY}; their rows stay, marked expired, so the build page says what expired),
 * and the triggers given up (FAILED) longer ago than the log retention: the FAILED build each left records it for good.
 * <p>
 * Once per cluster is enforced here too, not only by the scheduler: a run first takes the cluster-wide claim
 * {@value #CLAIM} for at most one lease period ({@link ClusterClaimStore}), and a node that does not get it does
 * nothing this time; the run finishes the claim, so the next run may be on any node. A node that dies mid-run holds
 * it until it expires. The claim also records when the cluster last reaped, which tells a starting node whether
 * the cluster was answering meanwhile ({@link #nodeStarted}).
 */
@Named
public class LeaseReaper {
    public static final String RETENTION_KEY = "log.retentionDays";
    static final String CLAIM = "lease-reaper";
    /** How often the scheduler runs the reaper (on some node of the cluster). */
    public static final long RUN_INTERVAL_MILLIS = 5_000;
    /** A reaper run this recent by another node means the cluster was answering: three runs' worth of slack. */
    static final long ANSWERING_WINDOW_MILLIS = 3 * RUN_INTERVAL_MILLIS;
    static final int DEFAULT_RETENTION_DAYS = 30;
    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    private final BuildQueue queue;
    private final BuildStore builds;
    private final LogStore logs;
    private final SettingStore settings;
    private final OcelotConfig config;
    private final ClusterClaimStore claims;
    private final ArtifactStore artifacts;
    private final ArtifactFiles artifactFiles;
    private final ArtifactSettings artifactSettings;
    private final PendingTriggerStore triggers;
    private final Clock clock;
    /** This node (this start of the plugin) as the claim's holder. */
    private final String node = UUID.randomUUID().toString();

    @Inject
    public LeaseReaper(BuildQueue queue, BuildStore builds, LogStore logs, SettingStore settings, OcelotConfig config,
                       ClusterClaimStore claims, ArtifactStore artifacts, ArtifactFiles artifactFiles,
                       ArtifactSettings artifactSettings, PendingTriggerStore triggers, Clock clock) {
        this.queue = queue;
        this.artifacts = artifacts;
        this.artifactFiles = artifactFiles;
        this.artifactSettings = artifactSettings;
        this.triggers = triggers;
        this.claims = claims;
        this.builds = builds;
        this.logs = logs;
        this.settings = settings;
        this.config = config;
        this.clock = clock;
    }

    /** {@code reaped}: false when another node holds the reaper's claim and this run did nothing. */
    public record Report(boolean reaped, int requeued, int ended, int logsPruned, int artifactsPruned,
                         int failedTriggersPruned) {
        static final Report ELSEWHERE = new Report(false, 0, 0, 0, 0, 0);
    }

    /**
     * Called when a plugin node starts (Bitbucket started, or the plugin was enabled or upgraded). When no node
     * answered meanwhile, werkers could not heartbeat — they kept building and spooling — so every lease gets one
     * full lease period from now before the reaper may take it. Without this the first reaper run after a restart
     * longer than the lease would requeue every running build, and their werkers' finished work would be refused
     * with 409. The price: a werker that really died during the outage is noticed one lease period later.
     * <p>
     * When another node reaped within the last {@value #ANSWERING_WINDOW_MILLIS} ms, the cluster was answering all
     * along: werkers reaching the cluster through its load balancer could heartbeat through that node, and a lease
     * that expires now belongs to a werker that is really gone, so nothing is extended. Returns the leases extended.
     */
    public int nodeStarted() {
        long now = clock.millis();
        Optional<ClusterClaimStore.Claim> reaping = claims.current(CLAIM);
        if (reaping.isPresent() && !reaping.get().holder().equals(node)
                && (reaping.get().liveAt(now) || reaping.get().lastActiveAt() > now - ANSWERING_WINDOW_MILLIS)) {
            log.info("Ocelot started while another node runs the cluster's lease reaper: no lease extended");
            return 0;
        }
        int extended = queue.nodeStarted();
        if (extended > 0) {
            log.info("Ocelot started: {} running build(s) get {} s for their werkers to report again", extended,
                    config.lease().toSeconds());
        }
        return extended;
    }

    public Report run() {
        long now = clock.millis();
        if (!claims.take(CLAIM, node, now, now + config.lease().toMillis())) {
            return Report.ELSEWHERE;
        }
        try {
            BuildQueue.Sweep sweep = queue.expireLeases();
            long at = clock.millis();
            int days = retentionDays();
            return new Report(true, sweep.requeued(), sweep.ended(), pruneLogs(at, days), pruneArtifacts(at),
                    days <= 0 ? 0 : triggers.pruneFailed(at - days * 86_400_000L, 200));
        } finally {
            claims.finish(CLAIM, node, clock.millis());
        }
    }

    /**
     * Called when this node stops cleanly: removes the reaper's record if this node reaped last, so this node
     * restarted (or another) does not take the last run for a sign that the cluster kept answering.
     */
    public void nodeStopping() {
        claims.release(CLAIM, node);
    }

    /**
     * At most 500 artifacts a run (the next run takes the rest). Uploads a node left half-written in the incoming
     * folder (it stopped mid-upload) go after a day, whatever the retention.
     */
    private int pruneArtifacts(long now) {
        try {
            artifactFiles.sweepIncoming(now - 86_400_000L);
        } catch (RuntimeException e) {
            // the shared home unreadable must not stop lease expiry; the next run tries again
            log.warn("Ocelot could not sweep unfinished artifact uploads: {}", e.toString());
        }
        int days = artifactSettings.retentionDays();
        if (days <= 0) {
            return 0;
        }
        List<Artifact> expired = artifacts.expireBefore(now - days * 86_400_000L, 500);
        expired.forEach(a -> artifactFiles.delete(a.storedAs()));
        return expired.size();
    }

    private int retentionDays() {
        return settings.get(RETENTION_KEY).map(Integer::parseInt).orElse(DEFAULT_RETENTION_DAYS);
    }

    private int pruneLogs(long now, int days) {
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
