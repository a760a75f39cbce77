package io.ocelot.plugin.metrics;

import io.ocelot.core.api.WerkerView;
import io.ocelot.plugin.store.MetricsQueries;
import io.ocelot.plugin.store.PendingTriggerStore;
import io.ocelot.plugin.ui.WerkerDirectory;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus exposition of Ocelot, computed from the database on each scrape: every node answers the same, and
 * the counters ({@code _total}, histograms) are sums over stored builds, so they survive restarts and only go down
 * when builds are deleted from the database. Names and meanings: docs/plugin.md "Metrics".
 */
@Named
public class OcelotMetrics {
    /** Queue wait buckets: 1 s to 1 h. */
    static final long[] WAIT_BOUNDS_MILLIS = {1_000, 5_000, 15_000, 30_000, 60_000, 300_000, 900_000, 3_600_000};
    /** Build duration buckets: 10 s to 2 h. */
    static final long[] DURATION_BOUNDS_MILLIS = {10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000,
            3_600_000, 7_200_000};
    private static final List<String> WERKER_STATES = List.of("ONLINE", "BUSY", "OFFLINE", "DISABLED");

    private final MetricsQueries queries;
    private final PendingTriggerStore triggers;
    private final WerkerDirectory werkers;

    @Inject
    public OcelotMetrics(MetricsQueries queries, PendingTriggerStore triggers, WerkerDirectory werkers) {
        this.queries = queries;
        this.triggers = triggers;
        this.werkers = werkers;
    }

    public String scrape() {
        PrometheusText p = new PrometheusText();
        p.family("ocelot_queue_depth", "gauge", "Builds waiting for a werker, by the labels a werker needs to take "
                + "them (machine tag and repository werker labels, comma-separated; empty: any werker).");
        Map<String, Integer> depth = queries.queueDepthByLabels();
        if (depth.isEmpty()) {
            p.sample("ocelot_queue_depth", Map.of("labels", ""), 0);
        }
        depth.forEach((labels, n) -> p.sample("ocelot_queue_depth", Map.of("labels", labels), n));

        p.family("ocelot_leases_held", "gauge", "Builds leased to a werker right now.")
                .sample("ocelot_leases_held", queries.leasesHeld());

        MetricsQueries.BuildTotals b = queries.builds(WAIT_BOUNDS_MILLIS, DURATION_BOUNDS_MILLIS);
        p.family("ocelot_builds", "gauge", "Builds queued or running right now, by state.")
                .sample("ocelot_builds", Map.of("state", "queued"), b.queued)
                .sample("ocelot_builds", Map.of("state", "running"), b.running);
        p.family("ocelot_builds_finished_total", "counter", "Finished builds stored, by result.");
        for (String outcome : MetricsQueries.outcomes()) {
            p.sample("ocelot_builds_finished_total", Map.of("result", outcome.toLowerCase()),
                    b.finished.getOrDefault(outcome, 0L));
        }
        p.family("ocelot_requeues_total", "counter", "Builds put back in the queue after a werker lost, released "
                + "or handed back their lease (attempts after the first).")
                .sample("ocelot_requeues_total", b.requeues);
        p.family("ocelot_lease_expiries_total", "counter", "Leases taken from a werker that stopped heartbeating or "
                + "polled without the build and requeued (requeues that were not hand-backs).")
                .sample("ocelot_lease_expiries_total", Math.max(0, b.requeues - b.handBacks));
        p.family("ocelot_hand_backs_total", "counter", "Builds handed back by a werker shutting down.")
                .sample("ocelot_hand_backs_total", b.handBacks);
        p.histogram("ocelot_queue_wait_seconds", "Time from queued to started, of builds that started.",
                b.queueWait.boundsMillis, b.queueWait.counts, b.queueWait.count, b.queueWait.sumMillis);
        p.histogram("ocelot_build_duration_seconds", "Time from started to finished, of finished builds.",
                b.duration.boundsMillis, b.duration.counts, b.duration.count, b.duration.sumMillis);
        p.family("ocelot_log_bytes_stored", "gauge", "Log bytes held for the builds' current attempts (pruned logs "
                + "excluded).").sample("ocelot_log_bytes_stored", b.logBytes);

        p.family("ocelot_triggers", "gauge", "Bitbucket events not yet turned into builds: pending (waiting or being "
                + "handled) and failed (given up, shown with the reason in the build list and ocelot status).")
                .sample("ocelot_triggers", Map.of("state", "pending"), triggers.outstanding())
                .sample("ocelot_triggers", Map.of("state", "failed"),
                        triggers.count(PendingTriggerStore.State.FAILED));

        Map<String, Integer> byState = new TreeMap<>();
        WERKER_STATES.forEach(s -> byState.put(s, 0));
        for (WerkerView w : werkers.werkers()) {
            byState.merge(w.state(), 1, Integer::sum);
        }
        p.family("ocelot_werkers", "gauge", "Registered werkers by state (online: polled recently, busy: every slot "
                + "taken, offline, disabled: revoked).");
        byState.forEach((state, n) -> p.sample("ocelot_werkers", Map.of("state", state.toLowerCase()), n));
        return p.toString();
    }
}
