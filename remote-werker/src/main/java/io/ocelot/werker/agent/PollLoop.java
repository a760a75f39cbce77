package io.ocelot.werker.agent;

import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.werker.agent.client.Backoff;
import io.ocelot.werker.agent.client.PluginCallException;
import io.ocelot.werker.agent.client.ServerContact;
import io.ocelot.werker.agent.client.WerkerClient;
import io.ocelot.werker.agent.spool.BuildSpool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Takes work: whenever a build slot is free and the disk has room, long-polls the plugin for as many builds as
 * there are free slots, and starts each leased build as a {@link BuildSession} with its own spool. Runs until the
 * werker stops; an unreachable plugin is retried with backoff, a refused poll (revoked token) is fatal.
 */
final class PollLoop {
    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);

    private final AgentConfig cfg;
    private final WerkerClient client;
    private final ServerContact contact;
    private final AgentMetrics metrics;
    private final BuildSlots slots;
    private final DiskWatch disk;
    private final BuildSession.Context context;

    PollLoop(AgentConfig cfg, WerkerClient client, ServerContact contact, AgentMetrics metrics, BuildSlots slots,
             DiskWatch disk, BuildSession.Context context) {
        this.cfg = cfg;
        this.client = client;
        this.contact = contact;
        this.metrics = metrics;
        this.slots = slots;
        this.disk = disk;
        this.context = context;
    }

    void run() throws InterruptedException {
        Backoff backoff = new Backoff(cfg.timings().backoffInitial(), cfg.timings().backoffMax());
        LOG.info("werker '{}' taking work (max {} build(s) at once, labels {})", cfg.name(), cfg.maxBuilds(), cfg.labels());
        while (!slots.draining()) {
            if (!disk.aboveFloor()) {
                slots.sleep(cfg.timings().diskCheckInterval());
                continue;
            }
            int free = slots.awaitFree();
            if (free == 0) {
                continue; // draining
            }
            if (disk.isFull()) { // the build that just freed the slot found the disk full
                continue;
            }
            long asked = System.nanoTime();
            try {
                Optional<Job> job = client.poll(new PollRequest(Protocol.VERSION, free, slots.heldBuildIds()));
                if (contact.reached()) {
                    LOG.info("plugin reachable again");
                }
                backoff.reset();
                if (job.isPresent()) {
                    if (slots.draining()) {
                        LOG.warn("build {} leased while stopping: not running it; the plugin requeues it when the lease expires",
                                job.get().buildId());
                    } else {
                        start(job.get(), Duration.ofNanos(System.nanoTime() - asked));
                    }
                }
            } catch (PluginCallException e) {
                if (slots.draining()) {
                    break;
                }
                if (e.kind() == PluginCallException.Kind.REFUSED) {
                    throw new FatalProblem("the plugin refused this werker's poll: " + e.getMessage()
                            + (e.status() == 401 || e.status() == 403
                            ? " — the werker token was revoked or is unknown; register the werker again"
                            : ""));
                }
                if (contact.failed(e.getMessage())) {
                    LOG.warn("plugin unreachable ({}); running builds go on and spool; retrying", e.getMessage());
                }
                slots.sleep(backoff.next());
            }
        }
    }

    private void start(Job job, Duration pollTime) {
        metrics.buildLeased(job.queuedMillis() != null ? job.queuedMillis() : pollTime.toMillis());
        LOG.info("leased build {} attempt {}: {} {} @ {}", job.buildId(), job.lease().attempt(), job.repository(),
                job.branch(), job.commit());
        BuildSpool spool;
        try {
            spool = BuildSpool.create(cfg.spoolDir(), job);
        } catch (IOException | RuntimeException e) {
            LOG.error("build {}: cannot create its spool ({}); not running it — the plugin requeues it when the lease expires",
                    job.buildId(), e.toString());
            if (BuildSpool.noSpace(e)) { // this build's attempt is lost, but no more are taken here
                disk.diskFull("build " + job.buildId() + ": cannot create its spool in " + cfg.spoolDir()
                        + " (No space left on device)");
            }
            return;
        }
        slots.take();
        slots.track(BuildSession.leased(context, job, spool, slots::runFinished));
    }
}
