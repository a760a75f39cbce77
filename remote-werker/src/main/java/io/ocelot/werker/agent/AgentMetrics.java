package io.ocelot.werker.agent;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageResult;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongSupplier;

/** The werker's Prometheus metrics (its own registry: nothing else in the JVM leaks into {@code /metrics}). */
final class AgentMetrics {
    private static final double[] DURATION_BUCKETS = {0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter buildsLeased;
    private final Counter buildsFinished;
    private final Counter leasesLost;
    private final Counter dockerErrors;
    private final Histogram stageDuration;
    private final Histogram queueWait;

    AgentMetrics(LongSupplier buildsRunning, LongSupplier spoolPendingBytes, LongSupplier diskFreeBytes) {
        GaugeWithCallback.builder().name("ocelot_werker_builds_running")
                .help("Builds running on this werker now")
                .callback(cb -> cb.call(buildsRunning.getAsLong()))
                .register(registry);
        GaugeWithCallback.builder().name("ocelot_werker_spool_pending_bytes")
                .help("Log bytes produced but not yet acknowledged by the plugin")
                .callback(cb -> cb.call(spoolPendingBytes.getAsLong()))
                .register(registry);
        GaugeWithCallback.builder().name("ocelot_werker_disk_free_bytes")
                .help("Usable bytes on the work directory's file system")
                .callback(cb -> cb.call(diskFreeBytes.getAsLong()))
                .register(registry);
        buildsLeased = Counter.builder().name("ocelot_werker_builds_leased_total")
                .help("Builds this werker leased from the plugin").register(registry);
        buildsFinished = Counter.builder().name("ocelot_werker_builds_finished_total")
                .help("Builds finished on this werker, by result").labelNames("result").register(registry);
        leasesLost = Counter.builder().name("ocelot_werker_leases_lost_total")
                .help("Builds stopped because the plugin took their lease away (409)").register(registry);
        dockerErrors = Counter.builder().name("ocelot_werker_docker_errors_total")
                .help("Failed calls to the Docker daemon (engine and garbage collection)").register(registry);
        stageDuration = Histogram.builder().name("ocelot_werker_stage_duration_seconds")
                .help("How long stages ran, by final status").labelNames("status")
                .classicOnly().classicUpperBounds(DURATION_BUCKETS).register(registry);
        queueWait = Histogram.builder().name("ocelot_werker_queue_wait_seconds")
                .help("How long a build waited in the plugin's queue before this werker leased it "
                        + "(the plugin's figure; time from poll to job when the plugin does not send it)")
                .classicOnly().classicUpperBounds(DURATION_BUCKETS).register(registry);
        for (BuildResult r : BuildResult.values()) { // every result shows from the start, at 0
            buildsFinished.labelValues(r.name());
        }
    }

    void buildLeased(long queueWaitMillis) {
        buildsLeased.inc();
        queueWait.observe(queueWaitMillis / 1000.0);
    }

    void buildFinished(BuildResult result) {
        buildsFinished.labelValues(result.name()).inc();
    }

    void stageFinished(StageResult stage) {
        stageDuration.labelValues(stage.status().name()).observe(stage.durationMillis() / 1000.0);
    }

    void leaseLost() {
        leasesLost.inc();
    }

    void dockerError() {
        dockerErrors.inc();
    }

    String contentType() {
        return writer.getContentType();
    }

    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
