package io.ocelot.werker.agent;

import io.ocelot.werker.agent.spool.BuildSpool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.TreeSet;

/**
 * The werker's chores besides builds: at start-up, the spools and containers a previous run left behind; then
 * periodically, garbage collection (leftover containers and workspaces no running build owns, images unused for
 * {@code --prune-images-after}).
 */
final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final AgentConfig cfg;
    private final EngineParts engine;
    private final AgentMetrics metrics;
    private final BuildSlots slots;
    private final BuildSession.Context context;
    private boolean gcFailing; // only the scheduler thread

    Housekeeping(AgentConfig cfg, EngineParts engine, AgentMetrics metrics, BuildSlots slots,
                 BuildSession.Context context) {
        this.cfg = cfg;
        this.engine = engine;
        this.metrics = metrics;
        this.slots = slots;
        this.context = context;
    }

    /**
     * Spools of builds that finished before the werker stopped are delivered. A build that was still running is
     * gone with its container: it is reported in the log, its spool is dropped, and it is not in this werker's
     * {@code running} list, so the plugin requeues it (its lease expires; a plugin may act sooner on the list).
     */
    void atStartUp() {
        Set<Long> interrupted = new TreeSet<>();
        for (BuildSpool spool : BuildSpool.recover(cfg.spoolDir())) {
            if (spool.isFinished()) {
                LOG.info("build {} finished before the werker stopped but was not delivered; delivering it now",
                        spool.buildId());
                slots.track(BuildSession.recovered(context, spool));
            } else {
                interrupted.add(spool.buildId());
                spool.delete();
            }
        }
        try {
            interrupted.addAll(engine.reaper().removeLeftovers(cfg.name(), Set.of()));
        } catch (RuntimeException e) {
            metrics.dockerError();
            LOG.warn("cannot remove leftover containers at start-up: {}", e.toString());
        }
        if (!interrupted.isEmpty()) {
            LOG.warn("build(s) {} were interrupted when this werker stopped; leftovers removed; the plugin requeues "
                    + "them when their leases expire", interrupted);
        }
    }

    void collectGarbage() {
        Set<Long> running = slots.runningIds();
        boolean failed = false;
        try {
            Set<Long> found = engine.reaper().removeLeftovers(cfg.name(), running);
            if (!found.isEmpty()) {
                LOG.warn("removed leftover containers of build(s) {} that no running build owns", found);
            }
        } catch (RuntimeException e) {
            failed = true;
            gcFailed("removing leftover containers", e);
        }
        try {
            engine.pruner().pruneImages(cfg.pruneImagesAfter());
        } catch (RuntimeException e) {
            failed = true;
            gcFailed("pruning images unused for " + cfg.pruneImagesAfter(), e);
        }
        if (!failed && gcFailing) {
            gcFailing = false;
            LOG.info("garbage collection works again");
        }
    }

    /** Counted every time, logged once per run of failures: a dead daemon would otherwise fill the log. */
    private void gcFailed(String what, RuntimeException e) {
        metrics.dockerError();
        if (!gcFailing) {
            gcFailing = true;
            LOG.warn("garbage collection: {} failed: {} (not repeated until it works again)", what, e.toString());
        }
    }
}
