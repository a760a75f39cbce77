package io.ocelot.werker.agent;

import io.ocelot.core.build.StageResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.werker.agent.spool.BuildSpool;
import io.ocelot.werker.engine.BuildListener;
import io.ocelot.werker.engine.BuildOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A leased build's engine events into its spool, up to the plugin's per-build log cap; never throws back into the
 * engine. Stops writing once the session says so (spool broken, build given up); a failed write goes to the session.
 */
final class SpoolingListener implements BuildListener {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolingListener.class);

    private final BuildSpool spool;
    private final long buildId;
    private final LeaseRef lease;
    private final long logCap;
    private final AgentMetrics metrics;
    private final BooleanSupplier stopped;
    private final Consumer<UncheckedIOException> onSpoolFailure;
    private final Consumer<BuildOutcome> onOutcome;
    private final Map<Integer, Long> startedAt = new ConcurrentHashMap<>();
    private final Set<Integer> reported = ConcurrentHashMap.newKeySet();
    private volatile Integer runningStage;

    SpoolingListener(BuildSpool spool, long buildId, LeaseRef lease, long logCap, AgentMetrics metrics,
                     BooleanSupplier stopped, Consumer<UncheckedIOException> onSpoolFailure,
                     Consumer<BuildOutcome> onOutcome) {
        this.spool = spool;
        this.buildId = buildId;
        this.lease = lease;
        this.logCap = logCap;
        this.metrics = metrics;
        this.stopped = stopped;
        this.onSpoolFailure = onSpoolFailure;
        this.onOutcome = onOutcome;
    }

    /** The stage running now, or null between stages. */
    Integer runningStage() {
        return runningStage;
    }

    @Override
    public void stageStarted(int index, String name) {
        long now = System.currentTimeMillis();
        runningStage = index;
        startedAt.put(index, now);
        write(() -> spool.stage(new StageUpdate(lease, index, name, StageStatus.RUNNING, null, now, 0, null)));
    }

    private long logged;
    private boolean capped;

    /**
     * Into the spool, up to the plugin's per-build log cap (which the plugin would drop past anyway): the spool
     * never grows past it, and the log says where it stopped.
     */
    @Override
    public synchronized void log(int index, LogStream stream, byte[] data) {
        if (capped) {
            return;
        }
        long room = logCap - BuildSession.CAP_BANNER_ROOM - logged;
        if (data.length <= room) {
            logged += data.length;
            write(() -> spool.appendLog(index, stream, data));
            return;
        }
        capped = true;
        byte[] part = java.util.Arrays.copyOf(data, (int) Math.max(0, room));
        byte[] banner = ("\nocelot: the build log reached its cap of " + Units.formatBytes(logCap)
                + "; the rest of this build's output is not kept (the build goes on)\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        logged += part.length + banner.length;
        LOG.warn("build {}: its log reached the cap of {}; dropping the rest of its output", buildId,
                Units.formatBytes(logCap));
        write(() -> {
            spool.appendLog(index, stream, part);
            spool.appendLog(index, LogStream.SYSTEM, banner);
        });
    }

    @Override
    public void stageFinished(StageResult r) {
        reported.add(r.index());
        runningStage = null;
        long started = startedAt.getOrDefault(r.index(), System.currentTimeMillis() - r.durationMillis());
        metrics.stageFinished(r);
        write(() -> spool.stage(new StageUpdate(lease, r.index(), r.name(), r.status(), r.exitCode(), started,
                r.durationMillis(), r.message(), r.tests())));
    }

    /** The outcome, before the engine's clean-up: the session spools the finish now, while the engine tidies up. */
    @Override
    public void buildFinished(BuildOutcome outcome) {
        onOutcome.accept(outcome);
    }

    /** The clean-up's word after the finish (the build's log is complete): the werker's own log. */
    @Override
    public void afterFinish(String line) {
        LOG.warn("build {} clean-up: {}", buildId, line);
    }

    /** Stages in the outcome the engine never reported one by one still reach the build page. */
    void reportUnreported(List<StageResult> stages) {
        for (StageResult r : stages) {
            if (!reported.contains(r.index())) {
                stageFinished(r);
            }
        }
    }

    private void write(Runnable r) {
        if (stopped.getAsBoolean()) {
            return;
        }
        try {
            r.run();
        } catch (UncheckedIOException e) {
            onSpoolFailure.accept(e);
        }
    }
}
