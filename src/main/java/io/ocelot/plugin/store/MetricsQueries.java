package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.build.BuildState;
import net.java.ao.Query;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the metrics endpoint reads, straight from the tables at scrape time, so every node of a cluster answers the
 * same and nothing resets when a node restarts. Builds are streamed column by column (no entity cache), once per
 * scrape: the totals, histograms, requeues and log bytes come from that one pass.
 */
@Named
public class MetricsQueries {
    private final ActiveObjects ao;

    @Inject
    public MetricsQueries(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
    }

    /** Cumulative counts of values ≤ each bound (ms), their count and sum, as a Prometheus histogram holds them. */
    public static final class Histogram {
        public final long[] boundsMillis;
        public final long[] counts;
        public long count;
        public long sumMillis;

        Histogram(long[] boundsMillis) {
            this.boundsMillis = boundsMillis.clone();
            this.counts = new long[boundsMillis.length];
        }

        void add(long millis) {
            for (int i = 0; i < boundsMillis.length; i++) {
                if (millis <= boundsMillis[i]) {
                    counts[i]++;
                }
            }
            count++;
            sumMillis += millis;
        }
    }

    /**
     * Over every stored build: queued and running now; finished by outcome; requeues (attempts after the first) and
     * the hand-backs among them; how long builds that started waited; how long finished builds ran; log bytes held.
     */
    public static final class BuildTotals {
        public int queued;
        public int running;
        public final Map<String, Long> finished = new TreeMap<>();
        public long requeues;
        public long handBacks;
        public final Histogram queueWait;
        public final Histogram duration;
        public long logBytes;

        BuildTotals(long[] waitBounds, long[] durationBounds) {
            queueWait = new Histogram(waitBounds);
            duration = new Histogram(durationBounds);
        }
    }

    public BuildTotals builds(long[] waitBoundsMillis, long[] durationBoundsMillis) {
        BuildTotals t = new BuildTotals(waitBoundsMillis, durationBoundsMillis);
        ao.stream(BuildEntity.class, Query.select("ID, STATE, OUTCOME, ATTEMPT, HAND_BACKS, QUEUED_AT, STARTED_AT, "
                + "FINISHED_AT, LOG_STORED, LOG_PRUNED"), b -> {
            String state = b.getState();
            if (BuildState.QUEUED.name().equals(state)) {
                t.queued++;
            } else if (BuildState.RUNNING.name().equals(state)) {
                t.running++;
            } else if (b.getOutcome() != null) {
                t.finished.merge(b.getOutcome(), 1L, Long::sum);
                if (b.getStartedAt() > 0 && b.getFinishedAt() >= b.getStartedAt()) {
                    t.duration.add(b.getFinishedAt() - b.getStartedAt());
                }
            }
            if (b.getStartedAt() > 0 && b.getStartedAt() >= b.getQueuedAt()) {
                t.queueWait.add(b.getStartedAt() - b.getQueuedAt());
            }
            t.requeues += Math.max(0, b.getAttempt() - 1);
            t.handBacks += b.getHandBacks();
            if (!b.isLogPruned()) {
                t.logBytes += b.getLogStored();
            }
        });
        return t;
    }

    /**
     * Queued builds by the labels a werker needs to take them: the machine tag and the repository's werker labels,
     * sorted and comma-separated; "" for builds any werker may take.
     */
    public Map<String, Integer> queueDepthByLabels() {
        Map<String, Integer> depth = new TreeMap<>();
        ao.stream(QueueTicketEntity.class, Query.select("ID, MACHINE_TAG, WERKER_LABELS"), t -> {
            TreeSet<String> labels = new TreeSet<>();
            if (t.getMachineTag() != null) {
                labels.add(t.getMachineTag());
            }
            if (t.getWerkerLabels() != null && !t.getWerkerLabels().isBlank()) {
                labels.addAll(Arrays.asList(t.getWerkerLabels().trim().split("\\s+")));
            }
            depth.merge(String.join(",", labels), 1, Integer::sum);
        });
        return depth;
    }

    public int leasesHeld() {
        return ao.count(LeaseEntity.class);
    }

    /** The outcomes a finished build can have, so that a result nobody has had yet is exported as 0. */
    public static List<String> outcomes() {
        return Arrays.stream(io.ocelot.core.build.BuildResult.values()).map(Enum::name).toList();
    }
}
